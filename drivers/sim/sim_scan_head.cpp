#include "drivers/sim/sim_scan_head.h"

#include <algorithm>

#include "base/file_io.h"

namespace intake::drivers {

SimScanHead::SimScanHead(Results results, SimScanHeadConfig config)
    : results_(std::move(results)), config_(std::move(config)) {
    if (config_.polls_to_capture < 1) config_.polls_to_capture = 1;
}

Result<std::shared_ptr<SimScanHead>> SimScanHead::from_files(
    const std::map<Arch, std::filesystem::path>& files, SimScanHeadConfig config) {
    Results results;
    for (const auto& [arch, path] : files) {
        auto bytes = read_file_bytes(path);
        if (!bytes) return fail(bytes.error());
        results[arch] = std::make_shared<const std::vector<std::byte>>(std::move(bytes.value()));
    }
    return std::make_shared<SimScanHead>(std::move(results), std::move(config));
}

std::vector<std::byte> SimScanHead::handle_transfer(std::span<const std::byte> transfer) {
    std::lock_guard lock(mutex_);
    FrameParser::Outcome in = decode_frame(transfer);
    if (in.fault == FrameFault::bad_crc) {
        return error(in.sequence, 0, HeadError::bad_crc, "command failed its CRC-32C");
    }
    if (in.fault != FrameFault::none || !is_command(in.frame->type)) {
        // A protocol error resets the session: forget the retransmission cache (the result stays).
        last_command_.reset();
        last_reply_.clear();
        const bool unknown =
            in.fault == FrameFault::unknown_type || (in.frame && !is_command(in.frame->type));
        return error(0, 0, unknown ? HeadError::unknown_type : HeadError::malformed,
                     unknown ? "unknown command type" : frame_fault_name(in.fault));
    }
    const Frame& command = *in.frame;
    if (last_command_ && last_command_->first == command.sequence &&
        last_command_->second == command.type) {
        ++cached_replies_;  // a retransmission: answer again without executing twice
        return last_reply_;
    }
    ++executed_[command.type];
    std::vector<std::byte> out = execute(command);
    last_command_ = std::make_pair(command.sequence, command.type);
    last_reply_ = out;
    return out;
}

std::vector<std::byte> SimScanHead::execute(const Frame& command) {
    switch (command.type) {
        case FrameType::identify:
            return reply(command, FrameType::identify_reply, encode_identity(config_.identity));
        case FrameType::start_scan:
            return on_start_scan(command);
        case FrameType::status:
            return on_status(command);
        case FrameType::stop:
            if (status_.state != HeadState::scanning) {
                return error(command.sequence, 0x04, HeadError::bad_state,
                             "STOP while not scanning");
            }
            status_.state = HeadState::processing;
            return reply(command, FrameType::stop_reply, {});
        case FrameType::get_result:
            return on_get_result(command);
        case FrameType::abort:
            status_ = HeadStatus{};
            current_.reset();
            return reply(command, FrameType::abort_reply, {});
        default:
            return error(command.sequence, static_cast<uint8_t>(command.type),
                         HeadError::unknown_type, "not a command");
    }
}

std::vector<std::byte> SimScanHead::on_start_scan(const Frame& command) {
    PayloadReader r(command.payload);
    auto arch = r.u8();
    if (!arch || !r.at_end() || *arch < 1 || *arch > 5) {
        return error(command.sequence, 0x02, HeadError::bad_argument,
                     "START_SCAN needs one arch byte 1..5");
    }
    auto it = results_.find(static_cast<Arch>(*arch));
    if (it == results_.end()) {
        return error(
            command.sequence, 0x02, HeadError::bad_argument,
            std::string("the simulator has no scan for ") + arch_name(static_cast<Arch>(*arch)));
    }
    current_ = it->second;
    polls_ = 0;
    status_ = HeadStatus{HeadState::scanning, 0, 0, it->first, next_scan_id_++, 0, 0};
    return reply(command, FrameType::start_scan_reply, PayloadWriter().u32(status_.scan_id).take());
}

std::vector<std::byte> SimScanHead::on_status(const Frame& command) {
    if (!command.payload.empty()) {
        return error(command.sequence, 0x03, HeadError::malformed, "STATUS takes no payload");
    }
    if (status_.state == HeadState::scanning && status_.progress < 100) {
        advance_capture();
    } else if (status_.state == HeadState::processing) {
        status_.state = HeadState::ready;
        status_.result_size = current_->size();
        status_.result_crc = crc32c(*current_);
    }
    return reply(command, FrameType::status_reply, encode_status(status_));
}

void SimScanHead::advance_capture() {
    ++polls_;
    status_.progress = static_cast<uint8_t>(std::min(100, polls_ * 100 / config_.polls_to_capture));
    status_.coverage = static_cast<uint8_t>(std::min(100, polls_ * 97 / config_.polls_to_capture));
    push_event(FrameType::event_coverage,
               PayloadWriter().u8(status_.progress).u8(status_.coverage).take());
    if (planned_fault_ && status_.progress >= planned_fault_->at_progress) {
        // The event goes out before the STATUS reply that says `failed`, as on a real head
        // whose firmware raises the fault first and then changes state.
        status_.state = HeadState::failed;
        push_event(FrameType::event_fault, PayloadWriter()
                                               .u16(static_cast<uint16_t>(planned_fault_->code))
                                               .str(planned_fault_->message)
                                               .take());
        current_.reset();
        planned_fault_.reset();
    }
}

void SimScanHead::fail_next_scan(HeadError code, std::string message, int at_progress) {
    std::lock_guard lock(mutex_);
    planned_fault_ = PlannedFault{code, std::move(message), std::clamp(at_progress, 1, 100)};
}

std::vector<std::byte> SimScanHead::on_get_result(const Frame& command) {
    auto q = decode_get_result(command.payload);
    if (!q)
        return error(command.sequence, 0x05, HeadError::malformed,
                     "GET_RESULT payload is not 16 bytes");
    if (status_.state != HeadState::ready) {
        return error(command.sequence, 0x05, HeadError::bad_state,
                     "no finished result to download");
    }
    if (q->scan_id != status_.scan_id) {
        return error(command.sequence, 0x05, HeadError::stale_scan,
                     "scan id is not the current scan");
    }
    if (q->offset > current_->size() || q->length > kMaxChunk) {
        return error(command.sequence, 0x05, HeadError::bad_argument,
                     "offset beyond the result or chunk too long");
    }
    offsets_.push_back(q->offset);
    const size_t n = std::min<uint64_t>(q->length, current_->size() - q->offset);
    const auto data = std::span<const std::byte>(*current_).subspan(q->offset, n);
    return reply(command, FrameType::get_result_reply,
                 PayloadWriter().u32(q->scan_id).u64(q->offset).bytes(data).take());
}

std::vector<std::byte> SimScanHead::reply(const Frame& command, FrameType type,
                                          std::vector<std::byte> payload) {
    return encode_frame(Frame{type, command.sequence, std::move(payload)});
}

std::vector<std::byte> SimScanHead::error(uint16_t sequence, uint8_t command, HeadError code,
                                          std::string message) {
    return encode_frame(Frame{FrameType::error_reply, sequence,
                              encode_error(ErrorReply{code, command, std::move(message)})});
}

void SimScanHead::push_event(FrameType type, std::vector<std::byte> payload) {
    events_.push_back(encode_frame(Frame{type, ++event_sequence_, std::move(payload)}));
    if (events_.size() > 64) events_.pop_front();  // an unread interrupt endpoint drops old events
}

std::optional<std::vector<std::byte>> SimScanHead::take_event() {
    std::lock_guard lock(mutex_);
    if (events_.empty()) return std::nullopt;
    auto e = std::move(events_.front());
    events_.pop_front();
    return e;
}

void SimScanHead::press_button() {
    std::lock_guard lock(mutex_);
    push_event(FrameType::event_button, PayloadWriter().u8(1).u8(1).take());
}

HeadStatus SimScanHead::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

std::vector<uint64_t> SimScanHead::requested_offsets() const {
    std::lock_guard lock(mutex_);
    return offsets_;
}

int SimScanHead::executed_count(FrameType command) const {
    std::lock_guard lock(mutex_);
    auto it = executed_.find(command);
    return it == executed_.end() ? 0 : it->second;
}

int SimScanHead::cached_replies() const {
    std::lock_guard lock(mutex_);
    return cached_replies_;
}

}  // namespace intake::drivers
