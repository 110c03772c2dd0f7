// Cluster <-> private-use codepoint assignment with LRU recycling: see
// emoji_registry.h.
#include "emoji/emoji_registry.h"

#include <algorithm>
#include <cassert>

namespace lw::emoji {

EmojiRegistry::EmojiRegistry(std::size_t capacity) : slots_(capacity) {
    assert(capacity >= 1 && capacity <= kPrivateUseSlots);
    by_cluster_.reserve(std::min<std::size_t>(capacity, 1024));
}

void EmojiRegistry::mark_used(std::size_t index) {
    Slot& slot = slots_[index];
    slot.last_use = ++clock_;
    lru_.splice(lru_.end(), lru_, slot.order);
}

std::optional<EmojiRegistry::Assignment> EmojiRegistry::assign(std::string_view cluster) {
    assert(!cluster.empty());
    if (auto it = by_cluster_.find(cluster); it != by_cluster_.end()) {
        mark_used(it->second);
        return Assignment{static_cast<char32_t>(kFirstPrivateUse + it->second), false, false, {}};
    }
    Assignment result;
    result.is_new = true;
    std::size_t index = 0;
    if (next_free_ < slots_.size()) {
        index = next_free_++;
        slots_[index].order = lru_.insert(lru_.end(), index);
    } else {
        index = lru_.front();
        Slot& victim = slots_[index];
        if (victim.last_use >= protect_from_) return std::nullopt;  // all slots serve the open batch
        result.recycled = true;
        result.evicted_cluster = std::move(victim.cluster);
        by_cluster_.erase(result.evicted_cluster);
        ++recycles_;
    }
    Slot& slot = slots_[index];
    slot.cluster.assign(cluster);
    by_cluster_.emplace(slot.cluster, index);
    mark_used(index);
    ++revision_;
    result.codepoint = static_cast<char32_t>(kFirstPrivateUse + index);
    return result;
}

bool EmojiRegistry::touch(char32_t codepoint) {
    if (!is_private_use(codepoint)) return false;
    const std::size_t index = codepoint - kFirstPrivateUse;
    if (index >= next_free_ || slots_[index].cluster.empty()) return false;
    mark_used(index);
    return true;
}

std::optional<char32_t> EmojiRegistry::find(std::string_view cluster) const {
    auto it = by_cluster_.find(cluster);
    if (it == by_cluster_.end()) return std::nullopt;
    return static_cast<char32_t>(kFirstPrivateUse + it->second);
}

const std::string* EmojiRegistry::cluster_of(char32_t codepoint) const {
    if (!is_private_use(codepoint)) return nullptr;
    const std::size_t index = codepoint - kFirstPrivateUse;
    if (index >= next_free_ || slots_[index].cluster.empty()) return nullptr;
    return &slots_[index].cluster;
}

std::vector<std::pair<char32_t, std::string>> EmojiRegistry::entries() const {
    std::vector<std::pair<char32_t, std::string>> out;
    out.reserve(by_cluster_.size());
    for (std::size_t i = 0; i < next_free_; ++i)
        if (!slots_[i].cluster.empty()) out.emplace_back(static_cast<char32_t>(kFirstPrivateUse + i), slots_[i].cluster);
    return out;
}

EmojiRegistry::Scope::Scope(EmojiRegistry& registry) : registry_(registry) {
    if (registry_.scope_depth_++ == 0) registry_.protect_from_ = registry_.clock_ + 1;
}

EmojiRegistry::Scope::~Scope() {
    if (--registry_.scope_depth_ == 0) registry_.protect_from_ = UINT64_MAX;
}

}  // namespace lw::emoji
