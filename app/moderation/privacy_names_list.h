// Internal to the privacy guard: frequent given names and surnames (see
// privacy_given_names.cpp for where they are drawn from). Folded, lower case.
#pragma once

#include <string_view>

namespace lw::moderation::privacy {

bool is_given_name(std::string_view folded);
// A given name that is not also an everyday English word ("will", "grace").
bool is_plain_given_name(std::string_view folded);
bool is_surname(std::string_view folded);

}  // namespace lw::moderation::privacy
