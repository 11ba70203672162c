// Private to intake_capture: turning measurements into checks. Each function holds one
// measurement to its thresholds and writes the sentence a person acts on.
#pragma once

#include <optional>
#include <string_view>

#include "capture/internal/decode.h"
#include "capture/internal/faces.h"
#include "capture/internal/measure.h"
#include "capture/photo_check.h"
#include "capture/views.h"

namespace intake::capture::detail {

CheckResult check_resolution(int width, int height, const CheckOptions& options);
// Only when the file name's extension disagrees with the content.
std::optional<CheckResult> check_file_type(std::string_view name, Format format);
CheckResult check_sharpness(double sharpness, const ViewInfo& view, const CheckOptions& options);
void add_exposure_checks(const Exposure& exposure, const CheckOptions& options,
                         std::vector<CheckResult>& checks);
CheckResult check_cast(const ColourCast& cast, const CheckOptions& options);
// colour_unreliable: the colour cast check failed, so "no teeth" is only a warning.
void add_intraoral_checks(const TeethRegion& teeth, const FaceFinding& face, const ViewInfo& view,
                          bool colour_unreliable, const CheckOptions& options,
                          std::vector<CheckResult>& checks);
void add_extraoral_checks(const FaceFinding& face, cv::Size size, const ViewInfo& view,
                          const CheckOptions& options, std::vector<CheckResult>& checks);
CheckResult check_mirror(const ViewInfo& view, const CheckOptions& options);
std::optional<CheckResult> check_stale(PHash hash, PHash mirrored_hash,
                                       const CheckOptions& options);
std::optional<CheckResult> check_capture_date(const std::optional<std::string>& captured,
                                              const CheckOptions& options);

}  // namespace intake::capture::detail
