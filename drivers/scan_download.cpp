// The GET_RESULT download of ScanHead: up to `window` chunk requests outstanding, each reply
// written at its offset, lost or corrupted replies retransmitted, the whole checked with CRC-32C.
#include <algorithm>

#include "drivers/scanner.h"

namespace intake::drivers {

Status ScanHead::send_chunk_request(std::deque<Pending>& pending, uint64_t offset) {
    const auto& d = *download_;
    Pending p;
    p.sequence = next_sequence();
    p.offset = offset;
    p.length = static_cast<uint32_t>(std::min<uint64_t>(options_.chunk_size, d.total - offset));
    p.frame = encode_frame(Frame{FrameType::get_result, p.sequence,
                                 encode_get_result(GetResultRequest{d.scan_id, offset, p.length})});
    p.attempts = 1;
    INTAKE_TRY(send_frame(p.frame));
    pending.push_back(std::move(p));
    stats_.max_outstanding = std::max(stats_.max_outstanding, pending.size());
    return ok();
}

Status ScanHead::retransmit(std::deque<Pending>& pending, bool all) {
    for (auto& p : pending) {
        if (p.attempts >= options_.max_attempts) {
            return fail(Errc::timeout, describe() + ": GET_RESULT at offset " +
                                           std::to_string(p.offset) + " failed after " +
                                           std::to_string(p.attempts) + " attempts");
        }
        ++p.attempts;
        ++stats_.retransmits;
        INTAKE_TRY(send_frame(p.frame));
        if (!all) break;
    }
    return ok();
}

Status ScanHead::accept_chunk(std::deque<Pending>& pending, const Frame& frame) {
    auto it = std::find_if(pending.begin(), pending.end(),
                           [&](const Pending& p) { return p.sequence == frame.sequence; });
    if (it == pending.end())
        return ok();  // a late duplicate of a chunk already retransmitted and received
    if (frame.type == FrameType::error_reply) {
        auto e = decode_error(frame.payload);
        if (e && e->code == HeadError::bad_crc) {
            if (it->attempts >= options_.max_attempts) {
                return fail(Errc::protocol,
                            describe() + ": the head keeps rejecting GET_RESULT's CRC-32C");
            }
            ++it->attempts;
            ++stats_.retransmits;
            return send_frame(it->frame);
        }
        return fail(error_from_reply(frame, FrameType::get_result));
    }
    auto& d = *download_;
    PayloadReader r(frame.payload);
    const auto scan_id = r.u32();
    const auto offset = r.u64();
    const auto data = r.rest();
    if (frame.type != FrameType::get_result_reply || !offset || *scan_id != d.scan_id ||
        *offset != it->offset || data.size() != it->length) {
        return fail(protocol_reset("GET_RESULT reply does not match the request at offset " +
                                   std::to_string(it->offset)));
    }
    std::copy(data.begin(), data.end(), d.data.begin() + static_cast<std::ptrdiff_t>(it->offset));
    d.chunk_done[it->offset / options_.chunk_size] = true;
    while (d.contiguous < d.total && d.chunk_done[d.contiguous / options_.chunk_size]) {
        d.contiguous = std::min<uint64_t>(d.total, d.contiguous + options_.chunk_size);
    }
    pending.erase(it);
    return ok();
}

Result<std::vector<std::byte>> ScanHead::download(const ProgressCallback& progress) {
    auto& d = *download_;
    std::deque<Pending> pending;
    uint64_t next = d.contiguous;
    while (d.contiguous < d.total) {
        while (pending.size() < static_cast<size_t>(options_.window) && next < d.total) {
            if (!d.chunk_done[next / options_.chunk_size])
                INTAKE_TRY(send_chunk_request(pending, next));
            next += options_.chunk_size;
        }
        auto got = receive_one(options_.reply_timeout);
        if (!got) return fail(got.error());  // the partial download stays for resume()
        switch (got->kind) {
            case Wait::frame:
                INTAKE_TRY(accept_chunk(pending, got->frame));
                break;
            case Wait::crc:
                INTAKE_TRY(retransmit(pending, false));
                break;
            case Wait::stall:
                ++stats_.stalls_cleared;
                INTAKE_TRY(transport_->clear_stall());
                INTAKE_TRY(retransmit(pending, true));
                break;
            case Wait::timeout:
                INTAKE_TRY(retransmit(pending, true));
                break;
        }
        if (progress) {
            progress(ScanProgress{"downloading",
                                  static_cast<int>(d.total ? d.contiguous * 100 / d.total : 100),
                                  100, d.contiguous, d.total});
        }
    }
    if (crc32c(d.data) != d.crc) {
        download_.reset();
        return fail(Errc::corrupt, describe() + ": downloaded result fails the head's CRC-32C");
    }
    std::vector<std::byte> out = std::move(d.data);
    download_.reset();
    return out;
}

}  // namespace intake::drivers
