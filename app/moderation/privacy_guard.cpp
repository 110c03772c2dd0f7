// PrivacyGuard::scan: runs every detector over one tokenization of the text
// and merges what they found into one ordered list.
#include "moderation/privacy_guard.h"
#include "moderation/privacy_lexicon.h"
#include "moderation/privacy_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>

namespace lw::moderation {

namespace {

// The reason in words when a detector gave none.
const char* default_detail(PrivacyKind kind) {
    switch (kind) {
    case PrivacyKind::Phone: return "looks like a person's phone number";
    case PrivacyKind::Email: return "looks like a person's e-mail address";
    case PrivacyKind::DateOfBirth: return "looks like a date of birth";
    case PrivacyKind::IdNumber: return "looks like a medical record or other ID number";
    case PrivacyKind::Address: return "looks like a street address";
    case PrivacyKind::Room: return "looks like the room or bed a person is in";
    case PrivacyKind::NameCondition: return "looks like a person's name with a condition or place of care";
    case PrivacyKind::MyPatient: return "someone writing about their patient";
    }
    return "looks like private information";
}

}  // namespace

std::vector<Finding> PrivacyGuard::scan(std::string_view text) { return scan(text, PrivacySettings{}); }

std::vector<Finding> PrivacyGuard::scan(std::string_view original, const PrivacySettings& settings) {
    using namespace privacy;
    std::vector<Finding> found;
    if (original.empty()) return found;
    load_lexicons();  // before any token asks which lists know it
    const NormalText normal = normalise(original);
    TokenText tokens = tokenize(normal.text);
    tokens.settings = &settings;
    find_emails(tokens, found);
    find_number_runs(tokens, found);
    find_spelled_phones(tokens, found);
    find_labelled_ids(tokens, found);
    find_dates_of_birth(tokens, found);
    find_addresses(tokens, found);
    find_rooms(tokens, found);
    find_names_with_conditions(tokens, found);
    find_my_patient(tokens, found);

    std::sort(found.begin(), found.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.byte_begin, a.byte_end, a.kind) < std::tie(b.byte_begin, b.byte_end, b.kind);
    });
    // Overlapping findings of the same kind become one span ("NHS number 943
    // 476 5919" is found both by its label and by its shape). Sorted by start,
    // so only the latest finding of each kind can overlap the next one.
    std::vector<Finding> merged;
    constexpr std::size_t kKinds = static_cast<std::size_t>(PrivacyKind::MyPatient) + 1;
    std::array<std::size_t, kKinds> latest;
    latest.fill(SIZE_MAX);
    for (Finding& f : found) {
        std::size_t& last = latest[static_cast<std::size_t>(f.kind)];
        if (last != SIZE_MAX && f.byte_begin < merged[last].byte_end) {
            merged[last].byte_end = std::max(merged[last].byte_end, f.byte_end);
            continue;
        }
        last = merged.size();
        merged.push_back(std::move(f));
    }
    // A number after an ID label ("CHI 0101011234") is that ID, even when its
    // shape would also pass for a phone number.
    std::vector<Finding> kept;
    kept.reserve(merged.size());
    std::size_t id_reach = 0;  // the furthest end of an ID finding that starts earlier
    for (Finding& f : merged) {
        if (f.kind == PrivacyKind::Phone && f.byte_end <= id_reach) continue;
        if (f.kind == PrivacyKind::IdNumber) id_reach = std::max(id_reach, f.byte_end);
        kept.push_back(std::move(f));
    }
    // Back to the caller's bytes: a normalised character maps to the whole
    // original character, so spans still start and end on code points.
    for (Finding& f : kept) {
        f.byte_begin = normal.original[std::min(f.byte_begin, normal.text.size())];
        f.byte_end = normal.original[std::min(f.byte_end, normal.text.size())];
        if (f.detail.empty()) f.detail = default_detail(f.kind);
    }
    return kept;
}

const char* privacy_kind_name(PrivacyKind kind) {
    switch (kind) {
    case PrivacyKind::Phone: return "phone";
    case PrivacyKind::Email: return "email";
    case PrivacyKind::DateOfBirth: return "dob";
    case PrivacyKind::IdNumber: return "id";
    case PrivacyKind::Address: return "address";
    case PrivacyKind::Room: return "room";
    case PrivacyKind::NameCondition: return "name_condition";
    case PrivacyKind::MyPatient: return "my_patient";
    }
    return "unknown";
}

std::optional<PrivacyKind> parse_privacy_kind(std::string_view name) {
    for (PrivacyKind kind : {PrivacyKind::Phone, PrivacyKind::Email, PrivacyKind::DateOfBirth,
                             PrivacyKind::IdNumber, PrivacyKind::Address, PrivacyKind::Room,
                             PrivacyKind::NameCondition, PrivacyKind::MyPatient}) {
        if (name == privacy_kind_name(kind)) return kind;
    }
    return std::nullopt;
}

const char* privacy_reason(PrivacyKind kind) {
    switch (kind) {
    case PrivacyKind::Phone: return "phone number";
    case PrivacyKind::Email: return "e-mail address";
    case PrivacyKind::DateOfBirth: return "date of birth";
    case PrivacyKind::IdNumber: return "ID-like number";
    case PrivacyKind::Address: return "street address";
    case PrivacyKind::Room: return "room or bed number";
    case PrivacyKind::NameCondition: return "name next to a condition";
    case PrivacyKind::MyPatient: return "\"my patient\"";
    }
    return "private information";
}

}  // namespace lw::moderation
