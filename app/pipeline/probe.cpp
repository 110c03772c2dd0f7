// `lobbywall probe`: see probe.h.
#include "pipeline/probe.h"

#include "moderation/moderate.h"
#include "net/curl_client.h"
#include "pipeline/pipeline.h"
#include "pipeline/source_poller.h"
#include "sources/sources.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace lw::pipeline {
namespace {

void print(const std::vector<Post>& posts, const moderation::ModerationRules* rules, std::ostream& out) {
    const TimePoint now = SystemClock().now();
    for (const Post& post : posts) {
        std::string line = sources::probe_json_line(post);
        if (rules) {
            const moderation::Decision d = moderation::moderate(post, *rules, now);
            nlohmann::json j = nlohmann::json::parse(line);
            j["decision"] = moderation::decision_name(d.verdict);
            j["reasons"] = d.reasons;
            line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        out << line << '\n';
    }
}

const SourceConfig* find_source(const Config& config, const std::string& name) {
    for (const SourceConfig& s : config.sources)
        if (s.name == name) return &s;
    return nullptr;
}

}  // namespace

int run_probe(const ProbeOptions& o, std::ostream& out, std::ostream& err) {
    Config config;
    if (!o.config_path.empty()) {
        ConfigResult loaded = load_config_file(o.config_path);
        if (!loaded.ok()) {
            const ConfigProblem& p = loaded.problems.front();
            err << "probe: " << describe(p, o.config_path) << '\n';
            return 2;
        }
        config = std::move(loaded.config);
    }
    const SourceConfig* source = nullptr;
    if (!o.source.empty()) {
        source = find_source(config, o.source);
        if (!source) {
            err << "probe: no [[source]] named '" << o.source << "' in "
                << (o.config_path.empty() ? std::string("the config (give --config FILE)") : o.config_path) << '\n';
            return 2;
        }
    }

    if (!o.file.empty()) {
        auto kind = sources::payload_kind_from_name(o.kind);
        if (!kind) {
            err << "probe: --kind must be mastodon, bluesky or feed\n";
            return 2;
        }
        std::ifstream in(o.file, std::ios::binary);
        if (!in) {
            err << "probe: cannot read " << o.file << '\n';
            return 2;
        }
        std::ostringstream body;
        body << in.rdbuf();
        sources::ParseContext ctx;
        ctx.source_id = source ? source->name : "probe";
        ctx.source_kind = *kind == sources::PayloadKind::Mastodon  ? SourceKind::MastodonHashtag
                          : *kind == sources::PayloadKind::Bluesky ? SourceKind::BlueskyFeed
                                                                   : SourceKind::WebFeed;
        if (source) ctx.source_kind = source->kind;
        ctx.fetched_at = SystemClock().now();
        sources::ParseResult parsed = sources::parse_payload(*kind, body.str(), ctx);
        if (!parsed.ok()) {
            err << "probe: " << o.file << ": " << parsed.body_error << '\n';
            return 2;
        }
        for (const std::string& e : parsed.item_errors) err << "probe: " << o.file << ": skipped: " << e << '\n';
        SourceConfig rules_source;
        rules_source.kind = ctx.source_kind;
        const moderation::ModerationRules rules = rules_for(source ? *source : rules_source, config.moderation);
        print(parsed.posts, o.moderate ? &rules : nullptr, out);
        return 0;
    }

    if (!source) {
        err << "probe: give --kind and --file to parse a saved payload, or --config and --source to fetch one\n";
        return 2;
    }
    net::global_init();
    SystemClock clock;
    net::CurlHttpClient client;
    net::HostPacer pacer(net::PacerOptions{}, clock);
    net::PoliteFetcher fetcher(client, pacer, clock);
    SourcePoller poller(*source, clock);
    const PollOutcome outcome = poller.poll(fetcher);  // a Mastodon account's lookup included
    for (const std::string& line : outcome.log_lines) err << "probe: " << line << '\n';
    if (outcome.status == net::PollStatus::Failed || outcome.status == net::PollStatus::Deferred) return 1;
    const moderation::ModerationRules rules = rules_for(*source, config.moderation);
    print(outcome.posts, o.moderate ? &rules : nullptr, out);
    return 0;
}

}  // namespace lw::pipeline
