// Small text and URL helpers every parser in sources/ shares: making any byte
// string valid UTF-8, cleaning single-line fields, cutting long texts at a
// character boundary, folding tags, stable ids, URL resolution, and a cheap
// nesting-depth pre-scan that keeps hostile JSON away from the JSON parser.
#pragma once

#include "core/post.h"
#include "sources/parse.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace lw::sources {

// Replaces every invalid UTF-8 sequence (stray bytes, overlong forms,
// surrogates, code points past U+10FFFF) with U+FFFD.
std::string to_valid_utf8(std::string_view bytes);

// Valid UTF-8 without control characters; '\n' survives only when
// `keep_newlines`. Tabs become spaces.
std::string strip_controls(std::string_view text, bool keep_newlines);

// One line: valid UTF-8, controls dropped, runs of whitespace collapsed to
// one space, trimmed.
std::string clean_line(std::string_view text);

// Cuts `text` to at most `max_bytes` bytes at a character boundary and ends
// it with "…" when anything was cut.
std::string clamp_utf8(std::string text, std::size_t max_bytes);

// A hashtag as posts keep it: no leading '#', case-folded, cleaned.
std::string fold_tag(std::string_view tag);

// 64-bit FNV-1a as 16 hex digits: a stable id for items that carry none.
std::string stable_hash(std::string_view data);

// True when the deepest [ / { nesting of a JSON text (outside strings)
// exceeds `max_depth`. Linear, no allocation.
bool json_nesting_exceeds(std::string_view json, int max_depth);

// Replaces \u escapes of lone UTF-16 surrogates (\ud800 with no low half
// after it, or a stray low half) with \ufffd, so one broken emoji does not
// make a JSON parser refuse the whole body. Everything else is copied as is.
std::string repair_json_surrogates(std::string_view json);

// Makes a parsed post safe to hand on: every string valid UTF-8 without
// controls, text clamped, tags folded and de-duplicated, source fields set.
void finalize_post(Post& post, const ParseContext& ctx);

// --- URLs -----------------------------------------------------------------

// "http://" or "https://" followed by a host.
bool is_http_url(std::string_view url);

// "https://Example.org:8443/x" -> "example.org"; "" when there is none.
std::string url_host(std::string_view url);

// Percent-encodes everything except RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);

// Resolves `ref` against `base` (absolute, "//host", "/path", "path",
// "?query", "#frag"). Returns "" unless the result is an http(s) URL, so
// javascript:, data: and friends never come through.
std::string resolve_url(std::string_view base, std::string_view ref);

}  // namespace lw::sources
