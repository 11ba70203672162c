// The photo checks as a competent engineer would write them plainly with stock libraries: a
// TurboJPEG scaled decode (the smallest DCT scale whose long side still reaches the 640-pixel
// working size, fast DCT) and OpenCV calls for the same measurements our checks take — working
// image, grey and Lab, exposure, highlight cast, enamel mask and its box, edge sharpness on that
// box, perceptual hash. The benchmark's peer for one intraoral photo; the values must match ours.
#pragma once

#include <cstdint>
#include <vector>

namespace intake::bench {

struct PeerMeasures {
    int width = 0, height = 0;  // full size, from the JPEG header
    double mean = 0, clipped = 0, crushed = 0;
    double cast_strength = 0;
    double teeth_fraction = 0;
    double sharpness = 0;
    uint64_t phash = 0;
};

// False when TurboJPEG cannot read `jpeg`.
bool peer_check_intraoral(const std::vector<uint8_t>& jpeg, PeerMeasures& out);

// The floor: the same TurboJPEG scaled decode alone, to BGR. Returns the decoded width.
int scaled_decode_only(const std::vector<uint8_t>& jpeg);

}  // namespace intake::bench
