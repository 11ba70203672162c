// A calendar date without a time or zone. The lab's terms count whole calendar days, so the
// lifecycle works on day numbers (days since 1970-01-01), never on clocks or time zones.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace intake::record {

class CivilDate {
  public:
    CivilDate() = default;

    // Fails (bad_input) unless `text` is exactly YYYY-MM-DD and names a real day: 2023-02-29
    // is rejected, 2024-02-29 is accepted. `field` names the field in the message.
    static Result<CivilDate> parse(std::string_view text, std::string_view field = "date");
    // Returns a failure for impossible y/m/d.
    static Result<CivilDate> from_ymd(int year, int month, int day);
    static CivilDate from_days(int64_t days_since_epoch) { return CivilDate(days_since_epoch); }
    // Today in the local time zone (the chair's calendar day).
    static CivilDate today();

    int year() const;
    int month() const;
    int day() const;
    int64_t days_since_epoch() const { return days_; }

    std::string to_string() const;  // YYYY-MM-DD

    CivilDate add_days(int64_t n) const { return CivilDate(days_ + n); }
    // Whole days from `earlier` to this date (negative when this date is before it).
    int64_t days_since(CivilDate earlier) const { return days_ - earlier.days_; }
    // The same month and day `years` later; 29 February becomes 28 February in common years.
    CivilDate add_years(int years) const;

    auto operator<=>(const CivilDate&) const = default;

  private:
    explicit CivilDate(int64_t days) : days_(days) {}
    int64_t days_ = 0;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);

}  // namespace intake::record
