// Perceptual hash (DCT pHash, 64 bits) to recognise a re-used photo: recompression, resizing
// and small exposure changes keep the hash within a few bits; a new photo of the same mouth
// taken weeks later does not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "capture/image.h"

namespace intake::capture {

using PHash = uint64_t;

// Hamming distance at or below which two photos are the same photo.
inline constexpr int kNearDuplicateBits = 10;

PHash perceptual_hash(const Image& image);

int hash_distance(PHash a, PHash b);

// 16 lower-case hex digits, and back (nullopt for anything else).
std::string phash_to_hex(PHash hash);
std::optional<PHash> phash_from_hex(std::string_view text);

}  // namespace intake::capture
