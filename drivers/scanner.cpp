#include "drivers/scanner.h"

#include <thread>

namespace intake::drivers {

using Clock = std::chrono::steady_clock;

ScanHead::ScanHead(std::unique_ptr<ScanTransport> transport, ScanOptions options)
    : transport_(std::move(transport)), options_(options) {
    if (options_.max_attempts < 1) options_.max_attempts = 1;
    if (options_.window < 1) options_.window = 1;
    if (options_.chunk_size < 1 || options_.chunk_size > kMaxChunk) options_.chunk_size = 16384;
}

uint16_t ScanHead::next_sequence() {
    sequence_ =
        sequence_ == 0xFFFF ? 1 : static_cast<uint16_t>(sequence_ + 1);  // 0 is the device's
    return sequence_;
}

Error ScanHead::protocol_reset(const std::string& why) {
    // The stream can no longer be trusted: drop buffered bytes; the next command starts afresh.
    parser_.reset();
    ++stats_.protocol_resets;
    return Error{Errc::protocol, describe() + ": protocol error, session reset: " + why};
}

Status ScanHead::send_frame(const std::vector<std::byte>& frame) {
    for (int attempt = 0; attempt < options_.max_attempts; ++attempt) {
        Status sent = transport_->send(frame);
        if (sent || sent.error().code != Errc::stall) return sent;
        ++stats_.stalls_cleared;
        INTAKE_TRY(transport_->clear_stall());
    }
    return fail(Errc::stall, describe() + ": command endpoint keeps stalling");
}

// One reply transfer's worth of progress: a frame, a CRC fault, a timeout or a STALL.
// Other faults reset the session and come back as Errc::protocol.
Result<ScanHead::Received> ScanHead::receive_one(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        FrameParser::Outcome out = parser_.next();
        if (out.frame) return Received{Wait::frame, std::move(*out.frame)};
        if (out.fault == FrameFault::bad_crc) return Received{Wait::crc, {}};
        if (out.fault != FrameFault::none) return fail(protocol_reset(frame_fault_name(out.fault)));
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return Received{Wait::timeout, {}};
        auto bytes = transport_->receive(left);
        if (!bytes) {
            if (bytes.error().code == Errc::timeout) return Received{Wait::timeout, {}};
            if (bytes.error().code == Errc::stall) return Received{Wait::stall, {}};
            return fail(bytes.error());
        }
        parser_.feed(bytes.value());
    }
}

// Before a retransmission: clear a STALL, count, give up after max_attempts.
Status ScanHead::recover(Wait kind, const char* what, int attempts) {
    if (attempts >= options_.max_attempts) {
        const char* why = kind == Wait::crc     ? "corrupted replies"
                          : kind == Wait::stall ? "stalls"
                                                : "no reply";
        return fail(kind == Wait::timeout ? Errc::timeout : Errc::protocol,
                    describe() + ": " + what + " failed after " + std::to_string(attempts) +
                        " attempts (" + why + ")");
    }
    if (kind == Wait::stall) {
        ++stats_.stalls_cleared;
        INTAKE_TRY(transport_->clear_stall());
    }
    ++stats_.retransmits;
    return ok();
}

Error ScanHead::error_from_reply(const Frame& reply, FrameType command) const {
    auto e = decode_error(reply.payload);
    if (!e)
        return Error{Errc::protocol,
                     describe() + ": malformed ERROR reply to " + frame_type_name(command)};
    return Error{errc_for(e->code),
                 describe() + ": " + frame_type_name(command) + " refused: " + e->message};
}

Result<Frame> ScanHead::transact(FrameType command, std::vector<std::byte> payload) {
    const Frame frame{command, next_sequence(), std::move(payload)};
    const auto bytes = encode_frame(frame);
    for (int attempts = 1;; ++attempts) {
        INTAKE_TRY(send_frame(bytes));
        Received got;
        for (;;) {  // skip late replies to earlier commands
            auto r = receive_one(options_.reply_timeout);
            if (!r) return fail(r.error());
            got = std::move(r.value());
            if (got.kind != Wait::frame || got.frame.sequence == frame.sequence) break;
            if (got.frame.sequence == 0 && got.frame.type == FrameType::error_reply) {
                return fail(protocol_reset("the head reset the session"));
            }
        }
        if (got.kind == Wait::frame) {
            const auto e = decode_error(got.frame.payload);
            const bool crc_refused =
                got.frame.type == FrameType::error_reply && e && e->code == HeadError::bad_crc;
            if (!crc_refused) {
                if (got.frame.type == FrameType::error_reply)
                    return fail(error_from_reply(got.frame, command));
                if (got.frame.type != reply_type_for(command)) {
                    return fail(protocol_reset(std::string("unexpected ") +
                                               frame_type_name(got.frame.type) + " answering " +
                                               frame_type_name(command)));
                }
                return std::move(got.frame);
            }
            got.kind = Wait::crc;
        }
        INTAKE_TRY(recover(got.kind, frame_type_name(command), attempts));
    }
}

Result<HeadIdentity> ScanHead::identify() {
    auto reply = transact(FrameType::identify, {});
    if (!reply) return fail(reply.error());
    auto id = decode_identity(reply->payload);
    if (!id) return fail(protocol_reset("malformed IDENTIFY reply"));
    if (id->protocol_version != kProtocolVersion) {
        return fail(Errc::unsupported, describe() + ": head speaks protocol version " +
                                           std::to_string(id->protocol_version) +
                                           ", this station speaks 1");
    }
    serial_ = id->serial;
    return *id;
}

Result<HeadStatus> ScanHead::status() {
    auto reply = transact(FrameType::status, {});
    if (!reply) return fail(reply.error());
    auto s = decode_status(reply->payload);
    if (!s) return fail(protocol_reset("malformed STATUS reply"));
    return *s;
}

Status ScanHead::abort() {
    auto reply = transact(FrameType::abort, {});
    if (!reply) return fail(reply.error());
    download_.reset();
    return ok();
}

namespace {

std::optional<HeadEvent> decode_event(const Frame& frame) {
    PayloadReader r(frame.payload);
    HeadEvent e;
    e.type = frame.type;
    if (frame.type == FrameType::event_button) {
        auto button = r.u8();
        auto pressed = r.u8();
        if (!pressed || !r.at_end()) return std::nullopt;
        e.button = *button;
        e.pressed = *pressed != 0;
    } else if (frame.type == FrameType::event_coverage) {
        auto progress = r.u8();
        auto coverage = r.u8();
        if (!coverage || !r.at_end() || *progress > 100 || *coverage > 100) return std::nullopt;
        e.progress = *progress;
        e.coverage = *coverage;
    } else if (frame.type == FrameType::event_fault) {
        auto code = r.u16();
        auto message = r.str();
        if (!message || !r.at_end() || *code < 1 || *code > 8) return std::nullopt;
        e.fault = static_cast<HeadError>(*code);
        e.message = *message;
    } else {
        return std::nullopt;
    }
    return e;
}

}  // namespace

Result<HeadEvent> ScanHead::next_event(std::chrono::milliseconds timeout) {
    if (!held_events_.empty()) {
        HeadEvent e = std::move(held_events_.front());
        held_events_.pop_front();
        return e;
    }
    return read_event(timeout);
}

Result<HeadEvent> ScanHead::read_event(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        FrameParser::Outcome out = event_parser_.next();
        if (out.frame) {
            auto e = decode_event(*out.frame);
            if (!e) {
                event_parser_.reset();
                return fail(Errc::protocol, describe() + ": malformed event (" +
                                                frame_type_name(out.frame->type) + ")");
            }
            return *e;
        }
        if (out.fault != FrameFault::none) {
            event_parser_.reset();
            return fail(Errc::protocol,
                        describe() + ": bad event frame: " + frame_fault_name(out.fault));
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return fail(Errc::timeout, describe() + ": no event in time");
        auto bytes = transport_->receive_event(left);
        if (!bytes) return fail(bytes.error());
        event_parser_.feed(bytes.value());
    }
}

// STATUS only says that the scan failed; the head says why in a FAULT event. Look for it a short
// while (the interrupt endpoint may lag the reply), keeping the other events for next_event().
Error ScanHead::scan_failure(HeadState state) {
    constexpr auto kFaultWait = std::chrono::milliseconds(500);
    const auto deadline = Clock::now() + kFaultWait;
    while (state == HeadState::failed) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) break;
        auto e = read_event(left);
        if (!e) break;
        if (e->type != FrameType::event_fault) {
            held_events_.push_back(std::move(e.value()));
            continue;
        }
        return Error{errc_for(e->fault), describe() + ": the head failed the scan: " + e->message +
                                             " (fault " +
                                             std::to_string(static_cast<int>(e->fault)) + ")"};
    }
    return Error{Errc::io, describe() + ": the head ended the scan (" + head_state_name(state) +
                               "; it sent no FAULT event saying why)"};
}

Result<HeadStatus> ScanHead::wait_until_ready(const ProgressCallback& progress) {
    const auto deadline = Clock::now() + options_.scan_timeout;
    bool stopped = false;
    for (;;) {
        auto s = status();
        if (!s) return s;
        if (progress) {
            progress(ScanProgress{s->state == HeadState::scanning ? "scanning" : "processing",
                                  s->progress, s->coverage, 0, s->result_size});
        }
        if (s->state == HeadState::ready) return s;
        if (s->state == HeadState::failed || s->state == HeadState::idle)
            return fail(scan_failure(s->state));
        if (s->state == HeadState::scanning && s->progress >= 100 && !stopped) {
            auto r = transact(FrameType::stop, {});
            if (!r) return fail(r.error());
            stopped = true;
        }
        if (Clock::now() > deadline)
            return fail(Errc::timeout, describe() + ": scan did not finish in time");
        if (options_.status_interval.count() > 0)
            std::this_thread::sleep_for(options_.status_interval);
    }
}

Result<std::vector<std::byte>> ScanHead::scan(Arch arch, const ProgressCallback& progress) {
    download_.reset();
    auto started =
        transact(FrameType::start_scan, PayloadWriter().u8(static_cast<uint8_t>(arch)).take());
    if (!started) return fail(started.error());
    auto ready = wait_until_ready(progress);
    if (!ready) return fail(ready.error());
    // The size comes from the device: a broken or hostile head must not make us allocate
    // whatever it announces. A full-arch scan is tens of MB.
    constexpr uint64_t kMaxResultBytes = uint64_t{1} << 30;
    if (ready->result_size > kMaxResultBytes) {
        return fail(Errc::protocol, describe() + ": the scan head announced a result of " +
                                        std::to_string(ready->result_size) +
                                        " bytes; at most 1 GiB is accepted");
    }
    Download d;
    d.scan_id = ready->scan_id;
    d.total = ready->result_size;
    d.crc = ready->result_crc;
    d.data.resize(d.total);
    d.chunk_done.assign((d.total + options_.chunk_size - 1) / options_.chunk_size, false);
    download_ = std::move(d);
    return download(progress);
}

Result<std::vector<std::byte>> ScanHead::resume(const ProgressCallback& progress) {
    if (!download_) return fail(Errc::conflict, describe() + ": no interrupted download to resume");
    auto s = status();
    if (!s) return fail(s.error());
    if (s->state != HeadState::ready || s->scan_id != download_->scan_id ||
        s->result_size != download_->total || s->result_crc != download_->crc) {
        download_.reset();
        return fail(Errc::conflict, describe() + ": the head no longer holds the interrupted scan");
    }
    return download(progress);
}

Status ScanHead::reconnect(std::chrono::milliseconds timeout) {
    parser_.reset();
    INTAKE_TRY(transport_->reconnect(timeout));
    ++stats_.reconnects;
    const auto previous = serial_;
    auto id = identify();
    if (!id) return fail(id.error());
    if (previous && *previous != id->serial) {
        download_.reset();
        return fail(Errc::conflict, describe() + ": a different head (serial " + id->serial +
                                        ", expected " + *previous + ") was plugged in");
    }
    return ok();
}

}  // namespace intake::drivers
