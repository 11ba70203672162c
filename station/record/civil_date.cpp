#include "station/record/civil_date.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace intake::record {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days: exact proleptic Gregorian arithmetic
// over eras of 400 years, no tables and no time zones.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Ymd {
    int64_t y;
    unsigned m;
    unsigned d;
};

Ymd civil_from_days(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool all_digits(std::string_view s) {
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return !s.empty();
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

}  // namespace

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

Result<CivilDate> CivilDate::from_ymd(int year, int month, int day) {
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d is not a date", year, month, day);
        return fail(Errc::bad_input, buf);
    }
    return CivilDate(
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

Result<CivilDate> CivilDate::parse(std::string_view text, std::string_view field) {
    const std::string prefix = std::string(field) + ": ";
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
        !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
        return fail(Errc::bad_input,
                    prefix + "'" + std::string(text) + "' is not a date (expected YYYY-MM-DD)");
    }
    auto date =
        from_ymd(to_int(text.substr(0, 4)), to_int(text.substr(5, 2)), to_int(text.substr(8, 2)));
    if (!date) return fail(Errc::bad_input, prefix + std::string(text) + " is not a date");
    return date;
}

CivilDate CivilDate::today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return CivilDate(days_from_civil(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                                     static_cast<unsigned>(local.tm_mday)));
}

int CivilDate::year() const { return static_cast<int>(civil_from_days(days_).y); }
int CivilDate::month() const { return static_cast<int>(civil_from_days(days_).m); }
int CivilDate::day() const { return static_cast<int>(civil_from_days(days_).d); }

std::string CivilDate::to_string() const {
    const Ymd ymd = civil_from_days(days_);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(ymd.y), ymd.m, ymd.d);
    return buf;
}

CivilDate CivilDate::add_years(int years) const {
    const Ymd ymd = civil_from_days(days_);
    const int y = static_cast<int>(ymd.y) + years;
    const int d = std::min(static_cast<int>(ymd.d), days_in_month(y, static_cast<int>(ymd.m)));
    return CivilDate(days_from_civil(y, ymd.m, static_cast<unsigned>(d)));
}

}  // namespace intake::record
