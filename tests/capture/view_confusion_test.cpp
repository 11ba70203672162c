// Is it a mouth? The intraoral view check against a negative set of non-dental photos
// (testdata/photos/negative/, sources in its SOURCES.md) and a positive set of every real
// intraoral photo in testdata with flips, crops and exposure changes. The target is exact: no
// negative passes as an intraoral view, every positive does. The confusion table is printed
// so docs/photos.md can quote it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "capture/photo_check.h"
#include "tests/capture/photo_fixtures.h"

namespace intake::capture {
namespace {

namespace fs = std::filesystem;

struct Outcome {
    std::string name;
    Verdict verdict = Verdict::fail;
    std::string message;
};

const CheckResult* view_check(const PhotoReport& report) { return report.find("wrong_view"); }

std::vector<fs::path> negative_photos() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(testing::photo_path("negative"))) {
        const std::string ext = entry.path().extension().string();
        if (ext == ".png" || ext == ".jpg") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

struct Variant {
    const char* name;
    std::function<cv::Mat(const cv::Mat&)> make;
};

cv::Mat centre_crop(const cv::Mat& bgr, double keep) {
    const int w = static_cast<int>(bgr.cols * keep), h = static_cast<int>(bgr.rows * keep);
    return bgr(cv::Rect((bgr.cols - w) / 2, (bgr.rows - h) / 2, w, h)).clone();
}

const Variant kVariants[] = {
    {"as taken", [](const cv::Mat& m) { return m.clone(); }},
    {"flipped", [](const cv::Mat& m) { return testing::flip_horizontal(m); }},
    {"centre 70%", [](const cv::Mat& m) { return centre_crop(m, 0.7); }},
    {"-1 EV", [](const cv::Mat& m) { return testing::exposure_ev(m, -1.0); }},
    {"+0.5 EV", [](const cv::Mat& m) { return testing::exposure_ev(m, 0.5); }},
};

struct Positive {
    const char* file;
    const char* view;
};

const Positive kPositives[] = {
    {"0-0.png", "intraoral-upper-occlusal"}, {"0-1.png", "intraoral-lower-occlusal"},
    {"0-2.png", "intraoral-left"},           {"0-3.png", "intraoral-right"},
    {"0-4.png", "intraoral-frontal"},        {"1-1.png", "intraoral-lower-occlusal"},
    {"1-3.png", "intraoral-right"},          {"1-4.png", "intraoral-frontal"},
};

void print_table(const char* title, const std::vector<Outcome>& outcomes) {
    int passed = 0;
    for (const Outcome& o : outcomes) passed += o.verdict == Verdict::pass ? 1 : 0;
    std::printf("%s: %d of %zu pass as intraoral\n", title, passed, outcomes.size());
    for (const Outcome& o : outcomes) {
        std::printf("  %-44s %-5s %s\n", o.name.c_str(),
                    std::string(verdict_name(o.verdict)).c_str(), o.message.c_str());
    }
}

TEST(ViewConfusion, NoNegativePassesAsAnIntraoralView) {
    const std::vector<fs::path> files = negative_photos();
    ASSERT_GE(files.size(), 40u) << "the negative set must hold at least 40 photos";
    std::vector<Outcome> outcomes;
    for (const fs::path& file : files) {
        // The views differ only in the mirror flag; one direct and one mirror view suffice.
        for (const char* view : {"intraoral-frontal", "intraoral-upper-occlusal"}) {
            auto report = check_photo_file(file, view, {});
            ASSERT_TRUE(report) << file << ": " << report.error().to_string();
            const CheckResult* check = view_check(*report);
            ASSERT_NE(check, nullptr) << file;
            outcomes.push_back(
                {file.filename().string() + " as " + view, check->verdict, check->message});
            EXPECT_EQ(check->verdict, Verdict::fail)
                << file << " as " << view << ": " << check->message;
        }
    }
    print_table("negatives", outcomes);
}

TEST(ViewConfusion, EveryRealIntraoralPhotoAndItsVariantsPass) {
    std::vector<Outcome> outcomes;
    for (const Positive& positive : kPositives) {
        const cv::Mat& photo = testing::real_photo(positive.file);
        for (const Variant& variant : kVariants) {
            // Scaled back to the original size so the resolution check stays out of the way.
            const cv::Mat image = testing::resize_long_side(variant.make(photo), photo.cols);
            auto report =
                check_photo_bytes(testing::encode_png(image), "variant.png", positive.view, {});
            ASSERT_TRUE(report) << report.error().to_string();
            const CheckResult* check = view_check(*report);
            ASSERT_NE(check, nullptr);
            const std::string name = std::string(positive.file) + " " + variant.name;
            outcomes.push_back({name, check->verdict, check->message});
            EXPECT_EQ(check->verdict, Verdict::pass) << name << ": " << check->message;
        }
    }
    print_table("positives", outcomes);
}

}  // namespace
}  // namespace intake::capture
