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
    Cascade frontal, profile, eye;
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

Result<FaceFinding> detect(const cv::Mat& grey, const std::string& dir, bool profile,
                           double min_fraction, int neighbours) {
    auto classifier = profile ? load(cascades().profile, dir, "haarcascade_profileface.xml")
                              : load(cascades().frontal, dir, "haarcascade_frontalface_alt2.xml");
    if (!classifier) return fail(classifier.error());
    const int min_size =
        std::max(24, static_cast<int>(std::min(grey.cols, grey.rows) * min_fraction));
    std::vector<cv::Rect> faces;
    (*classifier)->detectMultiScale(grey, faces, 1.1, neighbours, 0, cv::Size(min_size, min_size));
    FaceFinding finding;
    if (profile && faces.empty()) {
        // The cascade knows one facing direction; try the mirror image for the other.
        cv::Mat flipped;
        cv::flip(grey, flipped, 1);
        (*classifier)
            ->detectMultiScale(flipped, faces, 1.1, neighbours, 0, cv::Size(min_size, min_size));
        for (cv::Rect& r : faces) r.x = grey.cols - r.x - r.width;
    }
    if (!faces.empty()) {
        finding.found = true;
        finding.profile = profile;
        finding.face = largest(faces);
    }
    return finding;
}

}  // namespace

Result<FaceFinding> find_face(const cv::Mat& grey, const std::string& cascade_dir,
                              FaceSearch search) {
    try {
        if (search == FaceSearch::wrong_view) {
            // A face in a photo meant to show teeth fills a good part of the frame; search a
            // quarter-size copy for speed, and require eyes to keep lips and retractors out.
            cv::Mat small;
            cv::resize(grey, small, cv::Size(grey.cols / 2, grey.rows / 2), 0, 0, cv::INTER_AREA);
            auto finding = detect(small, cascade_dir, false, 0.15, 5);
            if (!finding || !finding->found) return finding;
            INTAKE_TRY(find_eyes(small, cascade_dir, *finding));
            if (finding->eyes == 0) finding->found = false;
            finding->face = cv::Rect(finding->face.x * 2, finding->face.y * 2,
                                     finding->face.width * 2, finding->face.height * 2);
            return finding;
        }
        auto finding = detect(grey, cascade_dir, search == FaceSearch::profile, 0.12, 4);
        if (!finding) return finding;
        if (!finding->found && search == FaceSearch::profile) {
            finding = detect(grey, cascade_dir, false, 0.12, 4);
            if (!finding) return finding;
        }
        if (finding->found && !finding->profile) {
            INTAKE_TRY(find_eyes(grey, cascade_dir, *finding));
            // Lips and retractors can fool the face cascade; a face has at least one eye.
            if (finding->eyes == 0) finding->found = false;
        }
        return finding;
    } catch (const cv::Exception& e) {
        return fail(Errc::internal, std::string("face detection failed: ") + e.what());
    }
}

}  // namespace intake::capture::detail
