#include "opencv_peer.h"

#include <turbojpeg.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace intake::bench {

namespace {

constexpr int kWorking = 640;
constexpr double kWarmA = 3.0, kWarmB = 10.0;

// TurboJPEG's scaled decode at the smallest factor whose long side is still >= 640.
bool decode_scaled(const std::vector<uint8_t>& jpeg, cv::Mat& bgr, int& width, int& height) {
    tjhandle tj = tjInitDecompress();
    int sub = 0, colorspace = 0;
    bool ok =
        tjDecompressHeader3(tj, jpeg.data(), jpeg.size(), &width, &height, &sub, &colorspace) == 0;
    int count = 0;
    const tjscalingfactor* factors = tjGetScalingFactors(&count);
    tjscalingfactor best{1, 1};
    for (int i = 0; ok && i < count; ++i) {
        const tjscalingfactor f = factors[i];
        if (f.num <= f.denom && TJSCALED(std::max(width, height), f) >= kWorking &&
            f.num * best.denom < best.num * f.denom)
            best = f;
    }
    if (ok) {
        bgr.create(TJSCALED(height, best), TJSCALED(width, best), CV_8UC3);
        ok = tjDecompress2(tj, jpeg.data(), jpeg.size(), bgr.data, bgr.cols, int(bgr.step),
                           bgr.rows, TJPF_BGR, TJFLAG_FASTDCT) == 0;
    }
    tjDestroy(tj);
    return ok;
}

cv::Mat histogram(const cv::Mat& plane) {
    const int bins = 256;
    const float range[] = {0, 256};
    const float* ranges[] = {range};
    cv::Mat hist;
    cv::calcHist(&plane, 1, nullptr, cv::Mat(), hist, 1, &bins, ranges);
    return hist;
}

// Mean Lab chroma of the brightest 10% of unclipped pixels, and the mean BGR of those pixels.
double cast_of(const cv::Mat& grey, const cv::Mat& lab, const cv::Mat& bgr, cv::Scalar& ref) {
    const cv::Mat hist = histogram(grey);
    double seen = 0;
    int t = 249;
    for (; t > 0; --t) {
        seen += hist.at<float>(t);
        if (seen >= 0.10 * double(grey.total())) break;
    }
    cv::Mat mask;
    cv::inRange(grey, t, 249, mask);
    if (cv::countNonZero(mask) == 0) return 0;
    const cv::Scalar m = cv::mean(lab, mask);
    ref = cv::mean(bgr, mask);
    return std::hypot(m[1] - 128 - kWarmA, m[2] - 128 - kWarmB);
}

// Only a strong cast is corrected: per-channel gains taking the highlights to a warm white.
cv::Mat balanced_lab(const cv::Mat& bgr, const cv::Scalar& ref) {
    cv::Mat px(1, 1, CV_8UC3, ref), lab_px, target;
    cv::cvtColor(px, lab_px, cv::COLOR_BGR2Lab);
    lab_px.at<cv::Vec3b>(0, 0)[1] = uint8_t(128 + kWarmA);
    lab_px.at<cv::Vec3b>(0, 0)[2] = uint8_t(128 + kWarmB);
    cv::cvtColor(lab_px, target, cv::COLOR_Lab2BGR);
    const cv::Vec3b t = target.at<cv::Vec3b>(0, 0);
    cv::Scalar gains;
    for (int c = 0; c < 3; ++c) gains[c] = ref[c] > 1 ? t[c] / ref[c] : 1.0;
    cv::Mat balanced, lab;
    cv::multiply(bgr, gains, balanced);
    cv::cvtColor(balanced, lab, cv::COLOR_BGR2Lab);
    return lab;
}

// Light, yellow-leaning, not red: enamel. Returns the mask after a 5x5 opening.
cv::Mat enamel_mask(const cv::Mat& lab) {
    cv::Mat planes[3];
    cv::split(lab, planes);
    const cv::Mat hist = histogram(planes[0]);
    double seen = 0;
    int p95 = 255;
    for (int v = 0; v < 256; ++v) {
        seen += hist.at<float>(v);
        if (seen >= 0.95 * double(lab.total())) {
            p95 = v;
            break;
        }
    }
    cv::Mat b_minus_a, mask, yellow;
    cv::subtract(planes[2], planes[1], b_minus_a, cv::noArray(), CV_16S);
    cv::compare(planes[0], std::max(60, p95 * 65 / 100), mask, cv::CMP_GE);
    cv::compare(b_minus_a, 10, yellow, cv::CMP_GE);
    mask &= yellow;
    mask &= planes[1] <= 128 + 10;
    mask &= planes[2] <= 128 + 45;
    cv::morphologyEx(mask, mask, cv::MORPH_OPEN,
                     cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
    return mask;
}

// 9 * E[(I(p+d)-I(p))^2] / E[(I(p+3d)-I(p))^2], the minimum over four directions, on `roi`.
double sharpness_of(const cv::Mat& grey, cv::Rect roi) {
    roi &= cv::Rect(0, 0, grey.cols, grey.rows);
    if (roi.width < 16 || roi.height < 16) roi = cv::Rect(0, 0, grey.cols, grey.rows);
    const cv::Rect base(roi.x + 3, roi.y + 3, roi.width - 6, roi.height - 6);
    double best = 1e9;
    for (const cv::Point d :
         {cv::Point(1, 0), cv::Point(0, 1), cv::Point(1, 1), cv::Point(1, -1)}) {
        const double fine = cv::norm(grey(base + d), grey(base), cv::NORM_L2SQR);
        const double coarse = cv::norm(grey(base + 3 * d), grey(base), cv::NORM_L2SQR);
        if (coarse > 0) best = std::min(best, 9.0 * fine / coarse);
    }
    return best == 1e9 ? 0.0 : best;
}

uint64_t phash_of(const cv::Mat& grey) {
    cv::Mat small, real, freq;
    cv::resize(grey, small, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
    small.convertTo(real, CV_32F);
    cv::dct(real, freq);
    std::vector<float> low;
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x)
            if (x != 0 || y != 0) low.push_back(freq.at<float>(y, x));
    std::vector<float> sorted = low;
    std::nth_element(sorted.begin(), sorted.begin() + 31, sorted.end());
    uint64_t hash = 0;
    for (size_t i = 0; i < low.size(); ++i)
        if (low[i] > sorted[31]) hash |= uint64_t{1} << i;
    return hash;
}

}  // namespace

bool peer_check_intraoral(const std::vector<uint8_t>& jpeg, PeerMeasures& out) {
    cv::Mat decoded, bgr, grey, lab;
    if (!decode_scaled(jpeg, decoded, out.width, out.height)) return false;
    const double scale = double(kWorking) / std::max(decoded.cols, decoded.rows);
    const cv::Size size(int(std::lround(decoded.cols * scale)),
                        int(std::lround(decoded.rows * scale)));
    if (size == decoded.size())
        bgr = decoded;
    else
        cv::resize(decoded, bgr, size, 0, 0, scale < 0.7 ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::cvtColor(bgr, lab, cv::COLOR_BGR2Lab);
    out.phash = phash_of(grey);
    out.mean = cv::mean(grey)[0];
    out.clipped = double(cv::countNonZero(grey >= 250)) / double(grey.total());
    out.crushed = double(cv::countNonZero(grey <= 5)) / double(grey.total());
    cv::Scalar ref;
    out.cast_strength = cast_of(grey, lab, bgr, ref);
    const cv::Mat mask = enamel_mask(out.cast_strength > 12.0 ? balanced_lab(bgr, ref) : lab);
    out.teeth_fraction = double(cv::countNonZero(mask)) / double(mask.total());
    const cv::Rect box =
        out.teeth_fraction >= 0.03 ? cv::boundingRect(mask) : cv::Rect(0, 0, grey.cols, grey.rows);
    out.sharpness = sharpness_of(grey, box);
    return true;
}

int scaled_decode_only(const std::vector<uint8_t>& jpeg) {
    cv::Mat bgr;
    int width = 0, height = 0;
    return decode_scaled(jpeg, bgr, width, height) ? bgr.cols : 0;
}

}  // namespace intake::bench
