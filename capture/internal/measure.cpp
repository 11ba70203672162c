#include "capture/internal/measure.h"

#include <algorithm>
#include <array>
#include <cmath>
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

TeethRegion find_teeth(const Working& work, const ColourCast& cast, cv::Mat* mask_out) {
    // Relative to the photo's own highlights, so a dark photo is judged by the exposure check
    // and not reported as "no teeth"; and white-balanced by the measured cast, likewise.
    // Only a clear cast is corrected (per-channel gains taking the highlights to a warm white):
    // in a normal photo the brightest pixels may well be the pink-white retractor, and
    // "correcting" it would make it look like enamel.
    cv::Mat lab = work.lab;
    if (cast.strength > 12.0) lab = white_balanced_lab(work.bgr, cast.reference_bgr);
    const int min_l = std::max(60, lightness_percentile(lab, 0.95) * 65 / 100);
    cv::Mat mask(lab.size(), CV_8U);
    for (int y = 0; y < lab.rows; ++y) {
        const auto* px = lab.ptr<cv::Vec3b>(y);
        auto* out = mask.ptr<uint8_t>(y);
        for (int x = 0; x < lab.cols; ++x) {
            const int l = px[x][0], a = px[x][1] - 128, b = px[x][2] - 128;
            // Enamel is light and clearly yellow-leaning (b well above a); gingiva, lips and
            // the palate are red (a high); retractors are pink-white (a close to b).
            out[x] = (l >= min_l && b - a >= 10 && a <= 10 && b <= 45) ? 255 : 0;
        }
    }
    cv::morphologyEx(mask, mask, cv::MORPH_OPEN,
                     cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
    TeethRegion region;
    const cv::Moments m = cv::moments(mask, true);
    const double area = static_cast<double>(mask.total());
    region.fraction = m.m00 / area;
    if (m.m00 > 0) {
        region.cx = m.m10 / m.m00 / mask.cols;
        region.cy = m.m01 / m.m00 / mask.rows;
        region.box = cv::boundingRect(mask);
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
        double fine = 0, coarse = 0;
        for (int y = roi.y + 3; y < roi.y + roi.height - 3; ++y) {
            const uint8_t* row = grey.ptr<uint8_t>(y);
            const uint8_t* row1 = grey.ptr<uint8_t>(y + d.y);
            const uint8_t* row3 = grey.ptr<uint8_t>(y + 3 * d.y);
            for (int x = roi.x + 3; x < roi.x + roi.width - 3; ++x) {
                const int f = row1[x + d.x] - row[x];
                const int c = row3[x + 3 * d.x] - row[x];
                fine += f * f;
                coarse += c * c;
            }
        }
        if (coarse > 0) best = std::min(best, 9.0 * fine / coarse);
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
