// `lobbywall probe`: lets IT check a source before it goes on a screen.
//   probe --kind mastodon|bluesky|feed --file PATH     parse a saved payload
//   probe --config FILE --source NAME                   fetch a configured source once
// Each post is printed as one JSON object per line (see sources::probe_json_line);
// with --moderate each line also carries "decision" and "reasons" from the
// source's rules and the privacy guard, so staff can dry-run their rules.
#pragma once

#include "core/config.h"

#include <iosfwd>
#include <string>

namespace lw::pipeline {

struct ProbeOptions {
    std::string kind;          // with `file`
    std::string file;
    std::string config_path;   // with `source`, or for the rules of --moderate
    std::string source;
    bool moderate = false;
};

// Exit codes: 0 posts printed (possibly none), 1 the source could not be
// fetched, 2 bad arguments or malformed input (one line on `err`).
int run_probe(const ProbeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace lw::pipeline
