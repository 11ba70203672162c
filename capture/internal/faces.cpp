#include "capture/internal/faces.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#include <vector>

namespace intake::capture::detail {
namespace {

constexpr double kPi = 3.14159265358979323846;

struct Cascade {
    cv::CascadeClassifier classifier;
    std::string path;  // what is loaded ("" = nothing yet)
};

struct Cascades {
    Cascade frontal, profile, eye, smile;
};

Result<cv::CascadeClassifier*> load(Cascade& cascade, const std::string& dir, const char* file) {
    const std::string path = dir + "/" + file;
    if (cascade.path != path) {
        bool loaded = false;
        try {
            loaded = cascade.classifier.load(path);
        } catch (const cv::Exception&) {
            loaded = false;
        }
        if (!loaded) {
            cascade.path.clear();
            return fail(Errc::not_found, path +
                                             ": Haar cascade missing or unreadable "
                                             "(install Debian package opencv-data)");
        }
        cascade.path = path;
    }
    return &cascade.classifier;
}

Cascades& cascades() {
    thread_local Cascades instance;
    return instance;
}

cv::Rect largest(const std::vector<cv::Rect>& rects) {
    cv::Rect best;
    for (const cv::Rect& r : rects) {
        if (r.area() > best.area()) best = r;
    }
    return best;
}

// Two eyes, one each side of the face's vertical midline, in the upper part of the face.
Status find_eyes(const cv::Mat& grey, const std::string& dir, FaceFinding& face) {
    auto eye = load(cascades().eye, dir, "haarcascade_eye.xml");
    if (!eye) return fail(eye.error());
    const cv::Rect upper(face.face.x, face.face.y, face.face.width, face.face.height * 6 / 10);
    std::vector<cv::Rect> found;
    const int min_eye = std::max(8, face.face.width / 10);
    (*eye)->detectMultiScale(grey(upper), found, 1.08, 4, 0, cv::Size(min_eye, min_eye),
                             cv::Size(face.face.width / 2, face.face.width / 2));
    cv::Rect left, right;
    for (const cv::Rect& r : found) {
        const bool is_left = r.x + r.width / 2 < upper.width / 2;
        cv::Rect& slot = is_left ? left : right;
        if (r.area() > slot.area()) slot = r;
    }
    face.eyes = (left.area() > 0 ? 1 : 0) + (right.area() > 0 ? 1 : 0);
    if (face.eyes == 2) {
        const double dx = (right.x + right.width / 2.0) - (left.x + left.width / 2.0);
        const double dy = (right.y + right.height / 2.0) - (left.y + left.height / 2.0);
        face.eye_tilt = std::atan2(dy, dx) * 180.0 / kPi;
    }
    return ok();
}

// The smile cascade answers on almost any mouth at low thresholds; 20 neighbours keeps only a
// smile that shows the teeth (on the portrait in testdata it still answers at 40, and it stops
// answering when the mouth is covered or blurred).
Status find_smile(const cv::Mat& grey, const std::string& dir, FaceFinding& face) {
    auto smile = load(cascades().smile, dir, "haarcascade_smile.xml");
    if (!smile) return fail(smile.error());
    const cv::Rect lower(face.face.x, face.face.y + face.face.height / 2, face.face.width,
                         face.face.height - face.face.height / 2);
    std::vector<cv::Rect> found;
    const cv::Size min_smile(std::max(8, face.face.width / 4), std::max(4, face.face.height / 10));
    (*smile)->detectMultiScale(grey(lower), found, 1.1, 20, 0, min_smile);
    face.smiling = !found.empty();
    return ok();
}

cv::Mat shrink(const cv::Mat& grey, int long_side, double& scale) {
    scale = static_cast<double>(long_side) / std::max(grey.cols, grey.rows);
    if (scale >= 1.0) {
        scale = 1.0;
        return grey;
    }
    cv::Mat small;
    cv::resize(grey, small, cv::Size(), scale, scale, cv::INTER_AREA);
    return small;
}

// Searches a copy with the given long side (Haar cost grows with the pixel count; faces worth
// finding are large) and maps the result back to `grey`'s pixels.
Result<FaceFinding> detect(const cv::Mat& grey, const std::string& dir, bool profile,
                           int search_long_side, double min_fraction, int neighbours) {
    auto classifier = profile ? load(cascades().profile, dir, "haarcascade_profileface.xml")
                              : load(cascades().frontal, dir, "haarcascade_frontalface_alt2.xml");
    if (!classifier) return fail(classifier.error());
    double scale = 1.0;
    const cv::Mat small = shrink(grey, search_long_side, scale);
    const int min_size =
        std::max(20, static_cast<int>(std::min(small.cols, small.rows) * min_fraction));
    const cv::Size min(min_size, min_size);
    std::vector<cv::Rect> faces;
    (*classifier)->detectMultiScale(small, faces, 1.1, neighbours, 0, min);
    if (profile && faces.empty()) {
        // The cascade knows one facing direction; try the mirror image for the other.
        cv::Mat flipped;
        cv::flip(small, flipped, 1);
        (*classifier)->detectMultiScale(flipped, faces, 1.1, neighbours, 0, min);
        for (cv::Rect& r : faces) r.x = small.cols - r.x - r.width;
    }
    FaceFinding finding;
    if (!faces.empty()) {
        const cv::Rect r = largest(faces);
        finding.found = true;
        finding.profile = profile;
        finding.face =
            cv::Rect(
                cv::Point(static_cast<int>(r.x / scale), static_cast<int>(r.y / scale)),
                cv::Size(static_cast<int>(r.width / scale), static_cast<int>(r.height / scale))) &
            cv::Rect(0, 0, grey.cols, grey.rows);
    }
    return finding;
}

}  // namespace

Result<FaceFinding> find_face(const cv::Mat& grey, const std::string& cascade_dir,
                              FaceSearch search) {
    try {
        if (search == FaceSearch::wrong_view) {
            // A face in a photo meant to show teeth fills a good part of the frame: a small
            // copy is enough. Eyes are required (on the full working image) so that lips and
            // retractors do not count as a face.
            auto finding = detect(grey, cascade_dir, false, 200, 0.2, 5);
            if (!finding || !finding->found) return finding;
            INTAKE_TRY(find_eyes(grey, cascade_dir, *finding));
            if (finding->eyes == 0) finding->found = false;
            return finding;
        }
        const bool profile = search == FaceSearch::profile;
        auto finding = detect(grey, cascade_dir, profile, 320, 0.12, 4);
        if (!finding) return finding;
        if (!finding->found && profile) {
            finding = detect(grey, cascade_dir, false, 320, 0.12, 4);
            if (!finding) return finding;
        }
        if (finding->found && !finding->profile) {
            INTAKE_TRY(find_eyes(grey, cascade_dir, *finding));
            // Lips and retractors can fool the face cascade; a face has at least one eye.
            if (finding->eyes == 0) finding->found = false;
        }
        if (finding->found && search == FaceSearch::smile)
            INTAKE_TRY(find_smile(grey, cascade_dir, *finding));
        return finding;
    } catch (const cv::Exception& e) {
        return fail(Errc::internal, std::string("face detection failed: ") + e.what());
    }
}

}  // namespace intake::capture::detail
