// Private to sources/: the steps RSS, Atom and JSON Feed items share on their
// way to a Post (text assembly, ids, media from HTML, plain-text cleanup).
#pragma once

#include "sources/html_text.h"
#include "sources/parse.h"

#include <string>
#include <string_view>
#include <vector>

namespace lw::sources::webfeed {

// Plain text (Atom type="text", JSON Feed content_text): controls dropped,
// spaces collapsed, each line trimmed, at most one empty line in a row.
std::string plain_text(std::string_view text);

// A title the feed may have HTML-escaped ("Fish &amp;amp; chips") or not.
std::string title_text(std::string_view title, bool is_html);

// "Title\nbody", leaving the title out when the body already starts with it.
std::string compose_text(const std::string& title, const std::string& body);

// The item's id: an absolute URI as is, anything else hashed with the
// feed's key so ids from different feeds never collide. `fallback_parts`
// (link, or title and date) make the id when the item has none.
std::string item_id(std::string_view raw_id, std::string_view feed_key,
                    std::string_view fallback_parts);

// Adds images found in item HTML (resolved against `base`, http(s) only)
// when the item has no media yet.
void add_html_images(const std::vector<HtmlImage>& images, std::string_view base,
                     std::vector<Media>& media);

// Appends `m` unless its URL is empty or already there; keeps at most 8.
void add_media(Media m, std::vector<Media>& media);

// Tags from categories: hashtags have no spaces, so "Patient Stories"
// becomes "patientstories"; overly long categories are left out.
void add_category_tag(std::string_view category, std::vector<std::string>& tags);

// Common item limit handling: true when the item cap was reached (and says so once).
bool item_cap_reached(ParseResult& result, const ParseContext& ctx);

}  // namespace lw::sources::webfeed
