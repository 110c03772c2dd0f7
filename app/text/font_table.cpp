// The font table: see font_table.h.
#include "text/font_table.h"

#include "core/log.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>

#include <algorithm>
#include <cassert>

namespace lw::text {

std::vector<FontFileSpec> noto_script_table(const std::string& tt, const std::string& ot) {
    // UI variants first: their line box matches Noto Sans (the plain Arabic
    // file is half as tall again), see FACTS.md.
    auto files = [&](std::initializer_list<const char*> names, const char* style) {
        std::vector<std::string> out;
        for (const char* n : names) out.push_back(tt + "/" + n + "-" + style + ".ttf");
        return out;
    };
    auto spec = [&](const char* name, std::vector<std::uint32_t> scripts, std::initializer_list<const char*> names) {
        return FontFileSpec{name, std::move(scripts), files(names, "Regular"), files(names, "Bold"), 0, false};
    };
    std::vector<FontFileSpec> t;
    // Latin, Greek and Cyrillic come from the primary (theme) font; Noto Sans
    // stands behind it when a theme font lacks some of them.
    FontFileSpec latin = spec("Noto Sans", {}, {"NotoSans"});  // fallback only: the primary comes first
    latin.fallback = true;
    t.push_back(latin);
    // CJK first among the other fallbacks: its punctuation (「」。) is of no script.
    t.push_back({"Noto Sans CJK",
                 {HB_SCRIPT_HAN, HB_SCRIPT_HIRAGANA, HB_SCRIPT_KATAKANA, HB_SCRIPT_HANGUL, HB_SCRIPT_BOPOMOFO},
                 {ot + "/NotoSansCJK-Regular.ttc"}, {ot + "/NotoSansCJK-Bold.ttc"}, 0, true});
    t.push_back(spec("Noto Sans Arabic", {HB_SCRIPT_ARABIC}, {"NotoSansArabicUI", "NotoSansArabic"}));
    t.push_back(spec("Noto Sans Hebrew", {HB_SCRIPT_HEBREW}, {"NotoSansHebrew"}));
    t.push_back(spec("Noto Sans Devanagari", {HB_SCRIPT_DEVANAGARI}, {"NotoSansDevanagariUI", "NotoSansDevanagari"}));
    t.push_back(spec("Noto Sans Bengali", {HB_SCRIPT_BENGALI}, {"NotoSansBengaliUI", "NotoSansBengali"}));
    t.push_back(spec("Noto Sans Gurmukhi", {HB_SCRIPT_GURMUKHI}, {"NotoSansGurmukhiUI", "NotoSansGurmukhi"}));
    t.push_back(spec("Noto Sans Gujarati", {HB_SCRIPT_GUJARATI}, {"NotoSansGujaratiUI", "NotoSansGujarati"}));
    t.push_back(spec("Noto Sans Oriya", {HB_SCRIPT_ORIYA}, {"NotoSansOriyaUI", "NotoSansOriya"}));
    t.push_back(spec("Noto Sans Tamil", {HB_SCRIPT_TAMIL}, {"NotoSansTamilUI", "NotoSansTamil"}));
    t.push_back(spec("Noto Sans Telugu", {HB_SCRIPT_TELUGU}, {"NotoSansTeluguUI", "NotoSansTelugu"}));
    t.push_back(spec("Noto Sans Kannada", {HB_SCRIPT_KANNADA}, {"NotoSansKannadaUI", "NotoSansKannada"}));
    t.push_back(spec("Noto Sans Malayalam", {HB_SCRIPT_MALAYALAM}, {"NotoSansMalayalamUI", "NotoSansMalayalam"}));
    t.push_back(spec("Noto Sans Sinhala", {HB_SCRIPT_SINHALA}, {"NotoSansSinhalaUI", "NotoSansSinhala"}));
    t.push_back(spec("Noto Sans Thai", {HB_SCRIPT_THAI}, {"NotoSansThaiUI", "NotoSansThai"}));
    t.push_back(spec("Noto Sans Lao", {HB_SCRIPT_LAO}, {"NotoSansLaoUI", "NotoSansLao"}));
    t.push_back(spec("Noto Sans Khmer", {HB_SCRIPT_KHMER}, {"NotoSansKhmerUI", "NotoSansKhmer"}));
    t.push_back(spec("Noto Sans Myanmar", {HB_SCRIPT_MYANMAR}, {"NotoSansMyanmarUI", "NotoSansMyanmar"}));
    t.push_back(spec("Noto Sans Ethiopic", {HB_SCRIPT_ETHIOPIC}, {"NotoSansEthiopic"}));
    t.push_back(spec("Noto Sans Armenian", {HB_SCRIPT_ARMENIAN}, {"NotoSansArmenian"}));
    t.push_back(spec("Noto Sans Georgian", {HB_SCRIPT_GEORGIAN}, {"NotoSansGeorgian"}));
    FontFileSpec symbols = spec("Noto Sans Symbols", {}, {"NotoSansSymbols"});
    symbols.fallback = true;
    t.push_back(symbols);
    t.push_back({"Noto Sans Symbols 2", {}, {tt + "/NotoSansSymbols2-Regular.ttf"}, {}, 0, true});
    t.push_back({"Noto Sans Math", {}, {tt + "/NotoSansMath-Regular.ttf"}, {}, 0, true});
    return t;
}

std::vector<std::string> font_paths(const std::vector<FontFileSpec>& table) {
    std::vector<std::string> out;
    for (const FontFileSpec& spec : table) {
        out.insert(out.end(), spec.regular.begin(), spec.regular.end());
        out.insert(out.end(), spec.bold.begin(), spec.bold.end());
    }
    return out;
}

FontTable::FontTable(FontData primary_regular, FontData primary_bold, std::vector<FontFileSpec> table, FontLoader loader)
    : loader_(std::move(loader)) {
    if (FT_Init_FreeType(&library_) != 0) library_ = nullptr;
    for (FontData data : {primary_regular, primary_bold}) {
        auto f = std::make_unique<Face>();
        f->name = faces_.empty() ? "primary regular" : "primary bold";
        f->data = data;
        faces_.push_back(std::move(f));
    }
    for (const FontFileSpec& spec : table) {
        Entry e;
        e.scripts = spec.scripts;
        e.fallback = spec.fallback;
        e.regular = add_face(spec.name, spec.regular, spec.face_index);
        e.bold = spec.bold.empty() ? e.regular : add_face(spec.name + " Bold", spec.bold, spec.face_index);
        entries_.push_back(std::move(e));
    }
}

FontTable::~FontTable() {
    for (auto& f : faces_) {
        if (f->hb) hb_font_destroy(f->hb);
        if (f->ft) FT_Done_Face(f->ft);
    }
    if (library_) FT_Done_FreeType(library_);
}

int FontTable::add_face(const std::string& name, const std::vector<std::string>& paths, int face_index) {
    auto f = std::make_unique<Face>();
    f->name = name;
    f->face_index = face_index;
    // The first candidate path the loader knows; looked up now (no I/O: the
    // loader hands over bytes mapped at start-up) and opened on first use.
    for (const std::string& p : paths) {
        if (!loader_) break;
        FontData d = loader_(p);
        if (!d.empty()) {
            f->data = d;
            f->path = p;
            break;
        }
    }
    faces_.push_back(std::move(f));
    return static_cast<int>(faces_.size()) - 1;
}

bool FontTable::open(Face& f) {
    if (f.tried) return f.ft != nullptr;
    f.tried = true;
    if (f.data.empty() || !library_) return false;
    if (FT_New_Memory_Face(library_, f.data.data(), static_cast<FT_Long>(f.data.size()), f.face_index, &f.ft) != 0) {
        log::warn("the font {} cannot be opened; its characters show as boxes", f.name);
        f.ft = nullptr;
        return false;
    }
    f.upem = f.ft->units_per_EM > 0 ? f.ft->units_per_EM : 1000;
    f.ascender = static_cast<float>(f.ft->ascender) / static_cast<float>(f.upem);
    f.descender = static_cast<float>(f.ft->descender) / static_cast<float>(f.upem);
    // HarfBuzz reads the same bytes (no copy) with its own OpenType functions
    // at a scale of one unit per font unit: shaping does not depend on the size.
    hb_blob_t* blob = hb_blob_create(reinterpret_cast<const char*>(f.data.data()), static_cast<unsigned>(f.data.size()),
                                     HB_MEMORY_MODE_READONLY, nullptr, nullptr);
    hb_face_t* face = hb_face_create(blob, static_cast<unsigned>(f.face_index));
    f.hb = hb_font_create(face);
    hb_font_set_scale(f.hb, f.upem, f.upem);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    log::debug("text: opened {}", f.name);
    return true;
}

bool FontTable::has_glyph(int index, char32_t cp) {
    if (index < 0 || index >= static_cast<int>(faces_.size())) return false;
    Face& f = *faces_[static_cast<std::size_t>(index)];
    return open(f) && FT_Get_Char_Index(f.ft, cp) != 0;
}

int FontTable::face_for(char32_t cp, std::uint32_t script, bool bold, int current) {
    const bool scriptless = script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED || script == HB_SCRIPT_UNKNOWN;
    if (current >= 0 && scriptless && has_glyph(current, cp)) return current;
    auto pick = [&](const Entry& e) { return bold ? e.bold : e.regular; };
    if (!scriptless)
        for (const Entry& e : entries_)
            if (std::find(e.scripts.begin(), e.scripts.end(), script) != e.scripts.end() && has_glyph(pick(e), cp))
                return pick(e);
    if (has_glyph(primary(bold), cp)) return primary(bold);
    if (current >= 0 && has_glyph(current, cp)) return current;
    for (const Entry& e : entries_)
        if (e.fallback && has_glyph(pick(e), cp)) return pick(e);
    // A regular face when the bold file lacks it (symbols have no bold).
    if (bold) return face_for(cp, script, false, -1);
    return -1;
}

int FontTable::open_faces() const {
    return static_cast<int>(std::count_if(faces_.begin(), faces_.end(), [](const auto& f) { return f->ft != nullptr; }));
}

}  // namespace lw::text
