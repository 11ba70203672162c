#include "station/package/sealed_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cstring>

#include "base/atomic_file.h"

namespace intake::package {

namespace {

constexpr char kMagicV1[8] = {'I', 'N', 'T', 'K', 'S', 'E', 'A', 'L'};
constexpr char kMagic[8] = {'I', 'N', 'T', 'K', 'S', 'E', 'A', '2'};
constexpr size_t kHeaderBytes = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr size_t kPrefixBytes = sizeof kMagic + 8 + kHeaderBytes;
constexpr size_t kCipherChunk = kSealChunk + crypto_secretstream_xchacha20poly1305_ABYTES;

static_assert(sizeof(crypto_secretstream_xchacha20poly1305_state) <= 64);

auto* as_state(unsigned char* raw) {
    return reinterpret_cast<crypto_secretstream_xchacha20poly1305_state*>(raw);
}

// Reads exactly n bytes unless the file ends; returns how many were read.
Result<size_t> read_full(int fd, unsigned char* out, size_t n, const std::filesystem::path& path) {
    size_t done = 0;
    while (done < n) {
        ssize_t r = ::read(fd, out + done, n - done);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return fail(Errc::io, path.string() + ": read failed: " + std::strerror(errno));
        if (r == 0) break;
        done += static_cast<size_t>(r);
    }
    return done;
}

// Version 2 authenticates the prefix (magic, length) and the job's package id with every
// message, so a sealed file moved under another job's name fails instead of being sent.
std::string seal_associated_data(const unsigned char* prefix16, std::string_view package_id) {
    std::string ad(reinterpret_cast<const char*>(prefix16), 16);
    ad += package_id;
    return ad;
}

}  // namespace

Status seal_bytes(std::span<const std::byte> plain, const SealKey& key,
                  const std::filesystem::path& sealed, std::string_view package_id) {
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    auto file = AtomicFile::create(sealed);
    if (!file) return fail(file.error());
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char prefix[kPrefixBytes];
    std::memcpy(prefix, kMagic, sizeof kMagic);
    uint64_t size = plain.size();
    for (int i = 0; i < 8; ++i) prefix[8 + i] = static_cast<unsigned char>(size >> (8 * i));
    crypto_secretstream_xchacha20poly1305_init_push(&st, prefix + 16, key.data());
    const std::string ad = seal_associated_data(prefix, package_id);
    INTAKE_TRY(file->write(std::span(reinterpret_cast<const std::byte*>(prefix), kPrefixBytes)));
    std::vector<unsigned char> out(kCipherChunk);
    size_t offset = 0;
    do {
        size_t n = std::min(kSealChunk, plain.size() - offset);
        bool last = offset + n == plain.size();
        unsigned long long out_len = 0;
        crypto_secretstream_xchacha20poly1305_push(
            &st, out.data(), &out_len,
            reinterpret_cast<const unsigned char*>(plain.data()) + offset, n,
            reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
            last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
        INTAKE_TRY(file->write(std::span(reinterpret_cast<const std::byte*>(out.data()), out_len)));
        offset += n;
        if (last) break;
    } while (true);
    return file->commit();
}

Result<SealedReader> SealedReader::open(const std::filesystem::path& sealed, const SealKey& key,
                                        std::string_view package_id) {
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    SealedReader reader;
    reader.path_ = sealed;
    reader.package_id_ = package_id;
    reader.key_ = key;
    reader.fd_ = ::open(sealed.c_str(), O_RDONLY | O_CLOEXEC);
    if (reader.fd_ < 0) {
        return fail(errno == ENOENT ? Errc::not_found : Errc::io,
                    sealed.string() + ": cannot open: " + std::strerror(errno));
    }
    INTAKE_TRY(reader.rewind());
    return reader;
}

SealedReader::SealedReader(SealedReader&& o) noexcept { *this = std::move(o); }

SealedReader& SealedReader::operator=(SealedReader&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) ::close(fd_);
        path_ = std::move(o.path_);
        key_ = o.key_;
        package_id_ = std::move(o.package_id_);
        ad_ = std::move(o.ad_);
        fd_ = std::exchange(o.fd_, -1);
        size_ = o.size_;
        position_ = o.position_;
        chunk_start_ = o.chunk_start_;
        chunk_len_ = o.chunk_len_;
        chunk_buffered_ = o.chunk_buffered_;
        chunk_ = std::move(o.chunk_);
        cipher_ = std::move(o.cipher_);
        final_seen_ = o.final_seen_;
        std::memcpy(state_, o.state_, sizeof state_);
    }
    return *this;
}

SealedReader::~SealedReader() {
    if (fd_ >= 0) ::close(fd_);
    sodium_memzero(state_, sizeof state_);
    if (chunk_.size() > 0) sodium_memzero(chunk_.data(), chunk_.size());
}

Status SealedReader::rewind() {
    if (::lseek(fd_, 0, SEEK_SET) < 0) return fail(Errc::io, path_.string() + ": seek failed");
    unsigned char prefix[kPrefixBytes];
    auto got = read_full(fd_, prefix, kPrefixBytes, path_);
    if (!got) return fail(got.error());
    bool v2 = *got == kPrefixBytes && std::memcmp(prefix, kMagic, sizeof kMagic) == 0;
    bool v1 = *got == kPrefixBytes && std::memcmp(prefix, kMagicV1, sizeof kMagicV1) == 0;
    if (!v1 && !v2) {
        return fail(Errc::corrupt, path_.string() + ": not a sealed outbox file (bad header)");
    }
    ad_ = v2 ? seal_associated_data(prefix, package_id_) : std::string();
    size_ = 0;
    for (int i = 0; i < 8; ++i) size_ |= uint64_t{prefix[8 + i]} << (8 * i);
    if (crypto_secretstream_xchacha20poly1305_init_pull(as_state(state_), prefix + 16,
                                                        key_.data()) != 0) {
        return fail(Errc::corrupt, path_.string() + ": bad stream header");
    }
    position_ = chunk_start_ = 0;
    chunk_len_ = 0;
    chunk_buffered_ = false;
    final_seen_ = false;
    return ok();
}

Result<size_t> SealedReader::pull_next(std::byte* dst) {
    if (final_seen_) return fail(Errc::corrupt, path_.string() + ": data after the final chunk");
    cipher_.resize(kCipherChunk);
    auto got = read_full(fd_, cipher_.data(), cipher_.size(), path_);
    if (!got) return fail(got.error());
    if (*got < crypto_secretstream_xchacha20poly1305_ABYTES) {
        return fail(Errc::corrupt, path_.string() + ": truncated (no final chunk)");
    }
    uint64_t start = chunk_start_ + chunk_len_;
    if (dst == nullptr) {
        chunk_.resize(kSealChunk);
        dst = chunk_.data();
    }
    unsigned long long n = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            as_state(state_), reinterpret_cast<unsigned char*>(dst), &n, &tag, cipher_.data(), *got,
            reinterpret_cast<const unsigned char*>(ad_.data()), ad_.size()) != 0) {
        return fail(Errc::corrupt, path_.string() + ": chunk at plaintext offset " +
                                       std::to_string(start) + " failed authentication");
    }
    chunk_start_ = start;
    chunk_len_ = static_cast<size_t>(n);
    final_seen_ = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (final_seen_ && chunk_start_ + n != size_) {
        return fail(Errc::corrupt, path_.string() + ": plaintext length differs from the header's");
    }
    if (!final_seen_ && n != kSealChunk)
        return fail(Errc::corrupt, path_.string() + ": short inner chunk");
    return chunk_len_;
}

Status SealedReader::next_chunk() {
    auto n = pull_next(nullptr);
    if (!n) return fail(n.error());
    chunk_buffered_ = true;
    return ok();
}

Status SealedReader::seek(uint64_t offset) {
    if (offset > size_) return fail(Errc::invalid_argument, path_.string() + ": seek past the end");
    // Inside the current message but it was decrypted straight into a caller's buffer: the
    // stream cannot step back one message, so start over (rare: only a resume lands here).
    bool in_current = offset >= chunk_start_ && offset < chunk_start_ + chunk_len_;
    if (offset < chunk_start_ || (in_current && !chunk_buffered_)) INTAKE_TRY(rewind());
    // Stops at the end of a message too: read() then decrypts the next one in place.
    while (offset > chunk_start_ + chunk_len_) INTAKE_TRY(next_chunk());
    position_ = offset;
    return ok();
}

Result<size_t> SealedReader::read(std::span<std::byte> out) {
    size_t done = 0;
    while (done < out.size() && position_ < size_) {
        bool at_boundary = position_ == chunk_start_ + chunk_len_;
        if (at_boundary && out.size() - done >= kSealChunk) {
            // A whole message fits: decrypt it in place, no copy through chunk_.
            auto n = pull_next(out.data() + done);
            if (!n) return fail(n.error());
            chunk_buffered_ = false;
            done += *n;
            position_ += *n;
            continue;
        }
        if (at_boundary) INTAKE_TRY(next_chunk());
        size_t in_chunk = static_cast<size_t>(position_ - chunk_start_);
        size_t n = std::min(out.size() - done, chunk_len_ - in_chunk);
        std::memcpy(out.data() + done, chunk_.data() + in_chunk, n);
        done += n;
        position_ += n;
    }
    if (position_ == size_ && !final_seen_) INTAKE_TRY(next_chunk());  // check the FINAL tag
    return done;
}

Result<std::vector<std::byte>> unseal_file(const std::filesystem::path& sealed, const SealKey& key,
                                           std::string_view package_id) {
    auto reader = SealedReader::open(sealed, key, package_id);
    if (!reader) return fail(reader.error());
    std::vector<std::byte> out(reader->size());
    auto got = reader->read(out);
    if (!got) return fail(got.error());
    return out;
}

}  // namespace intake::package
