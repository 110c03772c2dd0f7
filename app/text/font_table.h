// The fonts text is drawn with, by script: a fixed table of Debian's Noto
// files (deterministic, unlike fontconfig's fallback), each opened with
// FreeType and HarfBuzz only when a character of its script is first laid
// out. A character is given the first font of its script's list that has a
// glyph for it (FT_Get_Char_Index), then the primary font, CJK, symbols;
// when none has it, the layout shows a visible box.
// No file is read here: the caller hands each file's bytes over (mapped at
// start-up), so laying out on the render thread never touches the disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

typedef struct FT_FaceRec_* FT_Face;
typedef struct FT_LibraryRec_* FT_Library;
typedef struct hb_font_t hb_font_t;

namespace lw::text {

// Bytes of a font file, owned by the caller for as long as the table lives.
using FontData = std::span<const unsigned char>;

// One entry of the table: the files for a group of scripts.
struct FontFileSpec {
    std::string name;                 // "Noto Sans Arabic UI", for logs
    std::vector<std::uint32_t> scripts;  // hb_script_t values this font is for; empty = any (primary, fallback)
    std::vector<std::string> regular;    // candidate paths, first that opens wins
    std::vector<std::string> bold;       // may be empty: the regular face is used
    int face_index = 0;               // inside a .ttc collection
    bool fallback = false;            // also tried for characters of other scripts (CJK punctuation, symbols)
};

// Where Debian puts the Noto files for every script the wall supports,
// in fallback order after the primary font (Latin, Greek, Cyrillic).
std::vector<FontFileSpec> noto_script_table(const std::string& truetype_dir = "/usr/share/fonts/truetype/noto",
                                            const std::string& opentype_dir = "/usr/share/fonts/opentype/noto");

// Every path the table names (for mapping them all at start-up).
std::vector<std::string> font_paths(const std::vector<FontFileSpec>& table);

// Looks a path up; empty when the file is not there (its script then shows as boxes).
using FontLoader = std::function<FontData(const std::string& path)>;

struct Face {
    std::string name;
    std::string path;        // the file it came from ("" for the primary fonts)
    FontData data;
    int face_index = 0;
    FT_Face ft = nullptr;
    hb_font_t* hb = nullptr;  // scale = units per em: one shaping serves every size
    int upem = 1000;
    float ascender = 0, descender = 0;  // in em (descender negative)
    bool tried = false;      // opened (or failed to) already
};

class FontTable {
public:
    // `primary` regular/bold: the theme's Latin font (Noto Sans by default).
    FontTable(FontData primary_regular, FontData primary_bold, std::vector<FontFileSpec> table, FontLoader loader);
    ~FontTable();
    FontTable(const FontTable&) = delete;
    FontTable& operator=(const FontTable&) = delete;

    // The face to draw `cp` of script `script` (an hb_script_t) with, or -1 when no font has it.
    // `current` (a face already used for the run) is kept when it has the character.
    int face_for(char32_t cp, std::uint32_t script, bool bold, int current = -1);
    // The opened face with this index (face_for only returns opened ones).
    Face& face(int index) { return *faces_[static_cast<std::size_t>(index)]; }
    int primary(bool bold) { return bold ? 1 : 0; }
    bool has_glyph(int face_index, char32_t cp);
    // How many faces are open now (scripts seen so far), for logs and the benchmark.
    int open_faces() const;
    FT_Library library() const { return library_; }

private:
    struct Entry {
        std::vector<std::uint32_t> scripts;
        bool fallback = false;
        int regular = -1, bold = -1;  // face indexes
    };
    bool open(Face& f);
    int add_face(const std::string& name, const std::vector<std::string>& paths, int face_index);

    FT_Library library_ = nullptr;
    FontLoader loader_;
    std::vector<std::unique_ptr<Face>> faces_;
    std::vector<Entry> entries_;
};

}  // namespace lw::text
