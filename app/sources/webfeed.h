// Web feeds: RSS 2.0 (and RSS 1.0/RDF) with Media RSS, Atom 1.0 (YouTube
// channel feeds included) and JSON Feed 1.1, the format detected from the
// body, never from the Content-Type. XML is read with pugixml, which neither
// processes DOCTYPEs nor expands entities other than the five predefined
// ones, so entity bombs stay inert text. Pure: no HTTP here.
#pragma once

#include "sources/parse.h"

#include <string_view>

namespace lw::sources {

enum class FeedFormat { Unknown, Rss, Atom, JsonFeed };

const char* to_string(FeedFormat format);

// From the first bytes of the body: '{' is JSON Feed, XML is told apart by
// its root element (<rss>, <rdf:RDF>, <feed>).
FeedFormat detect_feed_format(std::string_view body);

// Detects the format and parses it. `feed_title` is set from the channel.
// Item text is the title followed by the summary (or the content when there
// is no summary); items without a date get `ctx.fetched_at`; items without an
// id get a stable one hashed from their link, or their title and date.
ParseResult parse_web_feed(std::string_view body, const ParseContext& ctx);

ParseResult parse_rss_or_atom(std::string_view body, const ParseContext& ctx);
ParseResult parse_json_feed(std::string_view body, const ParseContext& ctx);

}  // namespace lw::sources
