// The moderation decision: a pure function of a post, its source's rules and
// the time. Reject beats hold beats approve, and every rule that applied is
// listed as a reason ("rule: block word \"idiot\"", "privacy: phone number",
// "source: trusted"), most severe first. Privacy findings always hold, even
// for trusted sources; sensitive posts never auto-approve.
#pragma once

#include "core/post.h"
#include "moderation/privacy_guard.h"
#include "moderation/rules.h"

#include <cstddef>
#include <string>
#include <vector>

namespace lw::moderation {

enum class Verdict { Approve, Hold, Reject };

// Where in a post a privacy finding is, for the console to highlight.
struct Highlight {
    std::string field;   // "text", "author", "content_warning" or "media[N].alt"
    Finding finding;     // byte offsets into that field
};

struct Decision {
    Verdict verdict = Verdict::Hold;
    std::vector<std::string> reasons;     // at least one, most severe first
    std::vector<Highlight> highlights;    // privacy findings, in field order
};

Decision moderate(const Post& post, const ModerationRules& rules, TimePoint now);

// "approve", "hold", "reject": the words the CLI and the console print.
std::string decision_name(Verdict verdict);
std::string decision_name(const Decision& decision);

// One line for logs and the CLI: "hold: privacy: phone number; source: manual approval".
std::string describe(const Decision& decision);

}  // namespace lw::moderation
