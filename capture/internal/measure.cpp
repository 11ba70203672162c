#include "capture/internal/measure.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace intake::capture::detail {
namespace {

// OpenCV builds its 8-bit Lab lookup tables lazily on the first conversion, without a lock:
// two photo threads converting for the first time at once race, and the loser's tables leak
// (LeakSanitizer saw it in check_photo_set). Build them once, before any concurrent use.
void build_lab_tables_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        cv::Mat pixel(1, 1, CV_8UC3, cv::Scalar::all(0));
        cv::Mat lab;
        cv::cvtColor(pixel, lab, cv::COLOR_BGR2Lab);
    });
}

}  // namespace

Working make_working(const cv::Mat& bgr) {
    build_lab_tables_once();
    Working work;
    const int long_side = std::max(bgr.cols, bgr.rows);
    const double scale = static_cast<double>(kWorkingLongSide) / long_side;
    const cv::Size size(std::max(1, static_cast<int>(std::lround(bgr.cols * scale))),
                        std::max(1, static_cast<int>(std::lround(bgr.rows * scale))));
    if (size == bgr.size()) {
        work.bgr = bgr;
    } else {
        // INTER_AREA only where it matters (large reductions, e.g. a 1440 px PNG): it is
        // several times slower than bilinear, and the scaled JPEG decode already lands within
        // a factor of 1.3 of the working size.
        const int interpolation = scale < 0.7 ? cv::INTER_AREA : cv::INTER_LINEAR;
        cv::resize(bgr, work.bgr, size, 0, 0, interpolation);
    }
    cv::cvtColor(work.bgr, work.grey, cv::COLOR_BGR2GRAY);
    cv::cvtColor(work.bgr, work.lab, cv::COLOR_BGR2Lab);
    return work;
}

namespace {

// The luminance below which `fraction` of the pixels lie (L channel of 8-bit Lab).
int lightness_percentile(const cv::Mat& lab, double fraction) {
    std::array<int, 256> histogram{};
    for (int y = 0; y < lab.rows; ++y) {
        const auto* px = lab.ptr<cv::Vec3b>(y);
        for (int x = 0; x < lab.cols; ++x) ++histogram[px[x][0]];
    }
    const double wanted = fraction * static_cast<double>(lab.total());
    double seen = 0;
    for (int v = 0; v < 256; ++v) {
        seen += histogram[v];
        if (seen >= wanted) return v;
    }
    return 255;
}

cv::Mat white_balanced_lab(const cv::Mat& bgr, const cv::Scalar& reference) {
    // The warm white the highlights should have, at their own lightness.
    cv::Mat ref_bgr(1, 1, CV_8UC3, cv::Scalar(reference[0], reference[1], reference[2]));
    cv::Mat ref_lab;
    cv::cvtColor(ref_bgr, ref_lab, cv::COLOR_BGR2Lab);
    cv::Vec3b& px = ref_lab.at<cv::Vec3b>(0, 0);
    px[1] = static_cast<uint8_t>(128 + kWarmA);
    px[2] = static_cast<uint8_t>(128 + kWarmB);
    cv::Mat target;
    cv::cvtColor(ref_lab, target, cv::COLOR_Lab2BGR);
    const cv::Vec3b t = target.at<cv::Vec3b>(0, 0);
    cv::Scalar gains;
    for (int c = 0; c < 3; ++c) gains[c] = reference[c] > 1 ? t[c] / reference[c] : 1.0;
    cv::Mat balanced, lab;
    cv::multiply(bgr, gains, balanced);
    cv::cvtColor(balanced, lab, cv::COLOR_BGR2Lab);
    return lab;
}

}  // namespace

namespace {

// Enamel: light and clearly yellow-leaning (b well above a). Gingiva, lips and the palate are
// red (a high); retractors are pink-white (a close to b).
bool is_enamel(int l, int a, int b, int min_l) {
    return l >= min_l && b - a >= 10 && a <= 10 && b <= 45;
}

// Soft tissue: clearly red or pink for its lightness (chroma scales with exposure, so the
// threshold does too) and not orange or brown (wood, fur and skin in warm light have b well
// above a).
bool is_tissue(int l, int a, int b) {
    return l >= 25 && l <= 235 && a >= 6 && a * 100 >= 8 * l && a >= b - 5;
}

bool on_border(cv::Point p, cv::Size size) {
    return p.x <= 1 || p.y <= 1 || p.x >= size.width - 2 || p.y >= size.height - 2;
}

// Crowns are rounded; keys, cups, plates and sheets have long straight edges. A run of 20
// working pixels (3% of the long side) that stays within 2 pixels of a line counts as straight.
// Where the photo's own border cuts the region, the cut says nothing and is left out.
double straight_share(const std::vector<std::vector<cv::Point>>& contours, double min_area,
                      cv::Size size) {
    double straight = 0, total = 0;
    for (const auto& contour : contours) {
        if (cv::contourArea(contour) < min_area) continue;
        std::vector<cv::Point> poly;
        cv::approxPolyDP(contour, poly, 2.0, true);
        for (size_t i = 0; i < poly.size(); ++i) {
            const cv::Point a = poly[i], b = poly[(i + 1) % poly.size()];
            if (on_border(a, size) && on_border(b, size)) continue;
            const double length = cv::norm(b - a);
            total += length;
            if (length >= 20) straight += length;
        }
    }
    return total > 0 ? straight / total : 0;
}

// The row of crowns is the largest enamel blob: stray pale bits (a bright retractor, a
// reflection on the cheek) say nothing about whether the teeth sit in gums, so the contact is
// measured on the row's own outline.
void measure_shape(const cv::Mat& enamel, const cv::Mat& tissue, TeethRegion& region) {
    const double area = static_cast<double>(enamel.total());
    region.tissue = cv::countNonZero(tissue) / area;
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(enamel, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
    int largest = -1;
    double largest_area = 0, total_area = 0;
    for (size_t i = 0; i < contours.size(); ++i) {
        const double a = cv::contourArea(contours[i]);
        total_area += a;
        if (a > largest_area) largest_area = a, largest = static_cast<int>(i);
    }
    if (largest < 0 || total_area <= 0) return;
    std::vector<cv::Point> hull;
    cv::convexHull(contours[largest], hull);
    region.row_share = largest_area / total_area;
    const double hull_area = cv::contourArea(hull);
    if (hull_area > 0) region.row_solidity = largest_area / hull_area;
    // Within 7 working pixels (about 1% of the long side): the shadow line between a crown
    // and the gingiva is narrower than that.
    cv::Mat reach, row = cv::Mat::zeros(enamel.size(), CV_8U);
    cv::dilate(tissue, reach, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(15, 15)));
    cv::drawContours(row, contours, largest, cv::Scalar(255), 1);
    const int edge_pixels = cv::countNonZero(row);
    if (edge_pixels > 0) {
        region.tissue_contact = cv::countNonZero(row & reach) / static_cast<double>(edge_pixels);
    }
    region.straight = straight_share(contours, 0.001 * area, enamel.size());
}

}  // namespace

TeethRegion find_teeth(const Working& work, const ColourCast& cast, cv::Mat* mask_out) {
    // Relative to the photo's own highlights, so a dark photo is judged by the exposure check
    // and not reported as "no teeth"; and white-balanced by the measured cast, likewise.
    // Only a clear cast is corrected (per-channel gains taking the highlights to a warm white):
    // in a normal photo the brightest pixels may well be the pink-white retractor, and
    // "correcting" it would make it look like enamel.
    cv::Mat lab = work.lab;
    if (cast.strength > kBalanceAboveCast) lab = white_balanced_lab(work.bgr, cast.reference_bgr);
    const int min_l = std::max(60, lightness_percentile(lab, 0.95) * 65 / 100);
    cv::Mat mask(lab.size(), CV_8U), tissue(lab.size(), CV_8U);
    for (int y = 0; y < lab.rows; ++y) {
        const auto* px = lab.ptr<cv::Vec3b>(y);
        auto* out = mask.ptr<uint8_t>(y);
        auto* soft = tissue.ptr<uint8_t>(y);
        for (int x = 0; x < lab.cols; ++x) {
            const int l = px[x][0], a = px[x][1] - 128, b = px[x][2] - 128;
            out[x] = is_enamel(l, a, b, min_l) ? 255 : 0;
            soft[x] = is_tissue(l, a, b) ? 255 : 0;
        }
    }
    const cv::Mat open = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5));
    cv::morphologyEx(mask, mask, cv::MORPH_OPEN, open);
    cv::morphologyEx(tissue, tissue, cv::MORPH_OPEN, open);
    TeethRegion region;
    const cv::Moments m = cv::moments(mask, true);
    const double area = static_cast<double>(mask.total());
    region.fraction = m.m00 / area;
    if (m.m00 > 0) {
        region.cx = m.m10 / m.m00 / mask.cols;
        region.cy = m.m01 / m.m00 / mask.rows;
        region.box = cv::boundingRect(mask);
        measure_shape(mask, tissue, region);
    } else {
        region.tissue = cv::countNonZero(tissue) / area;
    }
    if (mask_out) *mask_out = mask;
    return region;
}

double sharpness(const cv::Mat& grey, cv::Rect roi) {
    roi &= cv::Rect(0, 0, grey.cols, grey.rows);
    if (roi.width < 16 || roi.height < 16) roi = cv::Rect(0, 0, grey.cols, grey.rows);
    const std::array<cv::Point, 4> directions{{{1, 0}, {0, 1}, {1, 1}, {1, -1}}};
    double best = 1e9;
    for (const cv::Point d : directions) {
        // Integer sums: a row of up to 33,000 squares fits 32 bits and the image fits 64, so the
        // totals are exact (as the double sums they replaced were) and the row loop vectorises.
        int64_t fine = 0, coarse = 0;
        for (int y = roi.y + 3; y < roi.y + roi.height - 3; ++y) {
            const uint8_t* row = grey.ptr<uint8_t>(y);
            const uint8_t* row1 = grey.ptr<uint8_t>(y + d.y) + d.x;
            const uint8_t* row3 = grey.ptr<uint8_t>(y + 3 * d.y) + 3 * d.x;
            int32_t row_fine = 0, row_coarse = 0;
            for (int x = roi.x + 3; x < roi.x + roi.width - 3; ++x) {
                const int f = row1[x] - row[x];
                const int c = row3[x] - row[x];
                row_fine += f * f;
                row_coarse += c * c;
            }
            fine += row_fine;
            coarse += row_coarse;
        }
        if (coarse > 0) {
            best = std::min(best, 9.0 * static_cast<double>(fine) / static_cast<double>(coarse));
        }
    }
    return best == 1e9 ? 0.0 : best;
}

Exposure measure_exposure(const cv::Mat& grey) {
    std::array<int, 256> histogram{};
    for (int y = 0; y < grey.rows; ++y) {
        const uint8_t* row = grey.ptr<uint8_t>(y);
        for (int x = 0; x < grey.cols; ++x) ++histogram[row[x]];
    }
    double total = 0, sum = 0, clipped = 0, crushed = 0;
    for (int v = 0; v < 256; ++v) {
        total += histogram[v];
        sum += static_cast<double>(v) * histogram[v];
        if (v >= 250) clipped += histogram[v];
        if (v <= 5) crushed += histogram[v];
    }
    if (total == 0) return {};
    return {sum / total, clipped / total, crushed / total};
}

ColourCast measure_cast(const Working& work) {
    // The brightest 10% of unclipped pixels.
    std::array<int, 256> histogram{};
    for (int y = 0; y < work.grey.rows; ++y) {
        const uint8_t* row = work.grey.ptr<uint8_t>(y);
        for (int x = 0; x < work.grey.cols; ++x) ++histogram[row[x]];
    }
    const double wanted = 0.10 * static_cast<double>(work.grey.total());
    int threshold = 249;
    for (double seen = 0; threshold > 0; --threshold) {
        seen += histogram[threshold];
        if (seen >= wanted) break;
    }
    double a = 0, b = 0, n = 0;
    cv::Scalar bgr_sum;
    for (int y = 0; y < work.grey.rows; ++y) {
        const uint8_t* g = work.grey.ptr<uint8_t>(y);
        const auto* lab = work.lab.ptr<cv::Vec3b>(y);
        const auto* bgr = work.bgr.ptr<cv::Vec3b>(y);
        for (int x = 0; x < work.grey.cols; ++x) {
            if (g[x] < threshold || g[x] >= 250) continue;
            a += lab[x][1] - 128.0;
            b += lab[x][2] - 128.0;
            for (int c = 0; c < 3; ++c) bgr_sum[c] += bgr[x][c];
            ++n;
        }
    }
    ColourCast cast;
    if (n == 0) return cast;
    cast.a = a / n;
    cast.b = b / n;
    cast.strength = std::hypot(cast.a - kWarmA, cast.b - kWarmB);
    cast.reference_bgr = bgr_sum * (1.0 / n);
    return cast;
}

}  // namespace intake::capture::detail
