#include "capture/phash.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdio>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/internal/measure.h"

namespace intake::capture {

namespace detail {

PHash phash_of(const cv::Mat& image) {
    cv::Mat grey;
    if (image.channels() == 3) {
        cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
    } else {
        grey = image;
    }
    cv::Mat small, real;
    cv::resize(grey, small, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
    small.convertTo(real, CV_32F);
    cv::Mat freq;
    cv::dct(real, freq);
    // The 8x8 lowest frequencies without the DC term: overall structure, not brightness.
    std::array<float, 63> coefficients{};
    size_t n = 0;
    for (int y = 0; y < 8; ++y) {
        for (int x = 0; x < 8; ++x) {
            if (x == 0 && y == 0) continue;
            coefficients[n++] = freq.at<float>(y, x);
        }
    }
    std::array<float, 63> sorted = coefficients;
    std::nth_element(sorted.begin(), sorted.begin() + 31, sorted.end());
    const float median = sorted[31];
    PHash hash = 0;
    for (size_t i = 0; i < coefficients.size(); ++i) {
        if (coefficients[i] > median) hash |= PHash{1} << i;
    }
    return hash;
}

}  // namespace detail

PHash perceptual_hash(const Image& image) {
    if (image.empty()) return 0;
    const int type = image.channels == 3 ? CV_8UC3 : CV_8UC1;
    const cv::Mat view(image.height, image.width, type, const_cast<uint8_t*>(image.pixels.data()),
                       image.row_bytes());
    // Through the same working image as the photo checks, so hashes compare across paths.
    cv::Mat bgr;
    cv::cvtColor(view, bgr, image.channels == 3 ? cv::COLOR_RGB2BGR : cv::COLOR_GRAY2BGR);
    return detail::phash_of(detail::make_working(bgr).grey);
}

int hash_distance(PHash a, PHash b) { return std::popcount(a ^ b); }

std::string phash_to_hex(PHash hash) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

std::optional<PHash> phash_from_hex(std::string_view text) {
    if (text.size() != 16) return std::nullopt;
    PHash hash = 0;
    for (char c : text) {
        int digit = -1;
        if (c >= '0' && c <= '9') digit = c - '0';
        if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
        if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
        if (digit < 0) return std::nullopt;
        hash = (hash << 4) | static_cast<PHash>(digit);
    }
    return hash;
}

}  // namespace intake::capture
