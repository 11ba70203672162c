// bench_photo_checks: all photo checks on a 24 MP JPEG (a real intraoral photo upscaled, quality
// 90) against the same checks written plainly with TurboJPEG + OpenCV (opencv_peer.h), and against
// the TurboJPEG scaled decode alone (the floor for any pipeline that reads the file); then the
// eight-photo series on one and two threads.
// Fairness (bench/support/compare.h): the same runs, interleaved, the same JPEG bytes in memory;
// OpenCV's own thread pool off for the single-photo comparison so both sides use one core; the
// peer's measurements are checked against ours value by value.
//   bench_photo_checks [--quick] [--runs N]     (--quick: a 6 MP photo, one run each)
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "capture/photo_check.h"
#include "capture/photo_set.h"
#include "compare.h"
#include "opencv_peer.h"
#include "options.h"

namespace fs = std::filesystem;
using namespace intake;
using namespace intake::capture;

namespace {

bench::Checks g_checks;

std::vector<uint8_t> make_jpeg(const std::string& photo, int long_side) {
    const cv::Mat real = cv::imread(std::string(INTAKE_TESTDATA_DIR) + "/photos/" + photo);
    if (real.empty()) return {};
    cv::Mat big;
    const double scale = double(long_side) / std::max(real.cols, real.rows);
    cv::resize(real, big, cv::Size(), scale, scale, cv::INTER_CUBIC);
    std::vector<uint8_t> jpeg;
    cv::imencode(".jpg", big, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90});
    return jpeg;
}

double value_of(const PhotoReport& report, const char* check) {
    const CheckResult* found = report.find(check);
    return found ? found->value : NAN;
}

void expect_close(const char* what, double ours, double peer, double tolerance) {
    std::printf("  %-16s ours %10.4f   peer %10.4f\n", what, ours, peer);
    g_checks.expect(std::abs(ours - peer) <= tolerance,
                    std::string(what) + ": ours and the peer's measurements differ");
}

void check_agreement(const PhotoReport& ours, const bench::PeerMeasures& peer) {
    std::printf("agreement of the measurements:\n");
    g_checks.expect(ours.width == peer.width && ours.height == peer.height, "same full size");
    expect_close("sharpness", value_of(ours, "sharpness"), peer.sharpness, 0.01);
    expect_close("mean luminance", value_of(ours, "exposure"), peer.mean, 0.01);
    expect_close("highlights", value_of(ours, "highlights"), peer.clipped, 1e-4);
    expect_close("shadows", value_of(ours, "shadows"), peer.crushed, 1e-4);
    expect_close("colour cast", value_of(ours, "colour_cast"), peer.cast_strength, 0.01);
    expect_close("teeth fraction", value_of(ours, "wrong_view"), peer.teeth_fraction, 1e-4);
    const int bits = __builtin_popcountll(ours.phash ^ peer.phash);
    std::printf("  %-16s %d bits apart\n", "pHash", bits);
    g_checks.expect(bits <= 2, "pHash: ours and the peer's differ by more than 2 bits");
}

void bench_one_photo(const std::vector<uint8_t>& jpeg, int runs) {
    const auto bytes = std::as_bytes(std::span(jpeg));
    Result<PhotoReport> ours = fail(Errc::internal, "not run");
    bench::PeerMeasures peer;
    bool peer_ok = false;
    int decoded_width = 0;
    cv::setNumThreads(1);
    const auto samples = bench::run_interleaved(
        runs,
        {{"ours: all checks",
          [&] { ours = check_photo_bytes(bytes, "photo.jpg", "intraoral-frontal", {}); }},
         {"peer: TurboJPEG + OpenCV", [&] { peer_ok = bench::peer_check_intraoral(jpeg, peer); }},
         {"TurboJPEG scaled decode alone",
          [&] { decoded_width = bench::scaled_decode_only(jpeg); }}});
    cv::setNumThreads(-1);
    bench::print_comparison("one intraoral photo, one thread", samples);
    const bench::Ratio floor = bench::ratio(samples[2], samples[0]);
    std::printf("  ours / scaled decode alone: %.2fx wall, %.2fx cpu (target <= 1.2)\n", floor.wall,
                floor.cpu);
    g_checks.expect(ours.has_value(), "our checks ran");
    g_checks.expect(peer_ok && decoded_width > 0, "the peer and the decode ran");
    if (ours && peer_ok) check_agreement(*ours, peer);
}

struct SeriesPhoto {
    const char* source;
    const char* view;
};

const SeriesPhoto kSeries[] = {
    {"extraoral-astronaut.png", "extraoral-frontal"},
    {"extraoral-astronaut.png", "extraoral-smile"},
    {"extraoral-astronaut.png", "extraoral-profile-right"},
    {"0-4.png", "intraoral-frontal"},
    {"0-3.png", "intraoral-right"},
    {"0-2.png", "intraoral-left"},
    {"0-0.png", "intraoral-upper-occlusal"},
    {"0-1.png", "intraoral-lower-occlusal"},
};

// Ours alone (no peer does the series): one thread against two.
void bench_series(int long_side, int runs) {
    const fs::path dir =
        fs::temp_directory_path() / ("intake-bench-series-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    PhotoMap map;
    for (size_t i = 0; i < std::size(kSeries); ++i) {
        const std::string name = std::to_string(i) + ".jpg";
        const auto photo = make_jpeg(kSeries[i].source, long_side);
        std::ofstream(dir / name, std::ios::binary)
            .write(reinterpret_cast<const char*>(photo.data()), std::streamsize(photo.size()));
        map.photos.emplace_back(name, kSeries[i].view);
        map.required.emplace_back(kSeries[i].view);
    }
    SetReport one, two;
    const auto samples = bench::run_interleaved(
        runs, {{"series, 2 threads", [&] { two = check_photo_set(dir, map, {}, 2); }},
               {"series, 1 thread", [&] { one = check_photo_set(dir, map, {}, 1); }}});
    fs::remove_all(dir);
    bench::print_comparison("eight-photo series (target < 250 ms wall on two threads)", samples);
    for (const SetReport* r : {&one, &two}) {
        g_checks.expect(r->entries.size() == 8 && !r->bad_input && r->missing_views.empty(),
                        "the series check read all eight photos");
    }
}

}  // namespace

int main(int argc, char** argv) {
    const bench::Options opts = bench::parse_options(argc, argv);
    bench::print_machine();
    // 5664 x 4248 = 24.06 MP, the 4:3 of the real photos; --quick: 2832 x 2124.
    const int long_side = opts.quick ? 2832 : 5664;
    const std::vector<uint8_t> jpeg = make_jpeg("0-4.png", long_side);
    if (jpeg.empty()) {
        std::fprintf(stderr, "cannot read testdata photos\n");
        return 3;
    }
    std::printf("JPEG %d px long side, quality 90: %.1f MB\n", long_side,
                double(jpeg.size()) / 1e6);
    bench_one_photo(jpeg, opts.runs);
    bench_series(long_side, opts.runs);
    return g_checks.exit_code();
}
