// Handle and link parsing for blocked authors and blocked domains.
#include "moderation/links.h"

#include <cctype>

namespace lw::moderation {
namespace {

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

bool starts_with_ci(std::string_view text, std::size_t pos, std::string_view prefix) {
    if (text.size() - pos < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[pos + i])) != prefix[i]) return false;
    }
    return true;
}

// A host starting at `pos`, up to the first character that cannot be in one.
std::string host_at(std::string_view text, std::size_t pos) {
    std::size_t end = pos;
    while (end < text.size() && is_host_char(text[end])) ++end;
    std::string host = lower_ascii(text.substr(pos, end - pos));
    while (!host.empty() && (host.back() == '.' || host.back() == '-')) host.pop_back();
    return host;
}

}  // namespace

std::string normalize_handle(std::string_view handle) {
    while (!handle.empty() && std::isspace(static_cast<unsigned char>(handle.front()))) handle.remove_prefix(1);
    while (!handle.empty() && std::isspace(static_cast<unsigned char>(handle.back()))) handle.remove_suffix(1);
    if (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
    return lower_ascii(handle);
}

std::string handle_domain(std::string_view handle) {
    std::string h = normalize_handle(handle);
    std::size_t at = h.find('@');
    std::string domain = at == std::string::npos ? h : h.substr(at + 1);
    if (domain.find('.') == std::string::npos) return {};
    for (char c : domain) {
        if (!is_host_char(c)) return {};
    }
    return domain;
}

std::string url_host(std::string_view url) {
    std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view rest = url.substr(scheme + 3);
    std::size_t end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, end);
    if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    if (std::size_t colon = authority.find(':'); colon != std::string_view::npos) authority = authority.substr(0, colon);
    return host_at(authority, 0);
}

std::vector<std::string> link_hosts(std::string_view text) {
    std::vector<std::string> hosts;
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        bool boundary = pos == 0 || !is_host_char(text[pos - 1]);
        if (!boundary) continue;
        std::size_t start = std::string_view::npos;
        if (starts_with_ci(text, pos, "https://")) start = pos + 8;
        else if (starts_with_ci(text, pos, "http://")) start = pos + 7;
        else if (starts_with_ci(text, pos, "www.")) start = pos;
        if (start == std::string_view::npos) continue;
        std::string host = host_at(text, start);
        if (host.find('.') != std::string::npos) hosts.push_back(host);
        pos = start + (host.empty() ? 0 : host.size() - 1);
    }
    return hosts;
}

bool domain_matches(std::string_view host_text, std::string_view blocked) {
    std::string h = lower_ascii(host_text);
    std::string_view host = h;
    std::string b = lower_ascii(blocked);
    std::string_view bv = b;
    while (!bv.empty() && bv.front() == '.') bv.remove_prefix(1);
    if (bv.substr(0, 4) == "www.") bv.remove_prefix(4);
    if (bv.empty() || host.empty()) return false;
    if (host == bv) return true;
    return host.size() > bv.size() && host.ends_with(bv) && host[host.size() - bv.size() - 1] == '.';
}

}  // namespace lw::moderation
