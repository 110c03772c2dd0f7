// The box's local clock, through the C library's time zone database.
#pragma once

#include "core/schedule.h"

#include <ctime>
#include <string>

namespace lw::platform {

// Makes `name` (an IANA name like "Europe/London") the process's time zone;
// empty keeps the system's. Call before any thread starts (it sets TZ).
// False, with `error` set, when the zone is not installed.
bool use_time_zone(const std::string& name, std::string& error);

// How `t` reads on the local clock of the process's time zone.
LocalTime local_time(TimePoint t);
std::tm local_tm(TimePoint t);

// "Mon 07:00" in local time, for the log.
std::string format_local(TimePoint t);

}  // namespace lw::platform
