// World text on the wall: a card per script at 1920x1080 compared with a
// golden picture (tests/wall/golden/scripts/<script>.png: the card's
// rectangle), right-to-left cards aligned right with the author row
// mirrored, and the ticker's right-to-left posts.
//
// Regenerate the goldens after an intended change with
//   LOBBYWALL_UPDATE_GOLDENS=1 ./tests/wall/test_wall "[scripts]"   (from the build folder)
// and look at every picture before committing it. A pixel differs when a
// channel is off by more than kPixelTolerance; up to kMaxDifferingFraction
// of a card's pixels may. On failure the card is written to <build>/golden-out/scripts/.
#include "render_frame.h"
#include "temp_dir.h"

#include <stb/stb_image.h>

#include <filesystem>

using namespace lw;
using namespace lw::test_wall;
using namespace std::chrono;

namespace {

struct Script {
    const char* slug;
    const char* author;
    const char* text;
    bool rtl;
};

// Sentences a patient or visitor might write, one card per script.
const Script kScripts[] = {
    {"arabic", "فاطمة الزهراء", "شكرا لكل الممرضات في قسم الأطفال، كنتم رائعين معنا طوال 3 أيام. زوروا example.org/thanks #شكرا", true},
    {"persian", "مریم احمدی", "از همه کارکنان بیمارستان سپاسگزاریم. مراقبت شما در این ۵ روز فوق‌العاده بود.", true},
    {"urdu", "عائشہ خان", "ہسپتال کے تمام عملے کا شکریہ۔ آپ نے ہمارا بہت خیال رکھا۔", true},
    {"hebrew", "שרה כהן", "תודה רבה לצוות מחלקת הילדים! הייתם מדהימים איתנו במשך 3 ימים (ולילות). example.org", true},
    {"devanagari", "प्रिया शर्मा", "बच्चों के वार्ड की सभी नर्सों को धन्यवाद। आप सबने हमारा बहुत ख्याल रखा।", false},
    {"bengali", "রহিমা বেগম", "শিশু ওয়ার্ডের সব নার্সদের ধন্যবাদ। আপনারা আমাদের খুব যত্ন নিয়েছেন।", false},
    {"gurmukhi", "ਹਰਪ੍ਰੀਤ ਕੌਰ", "ਸਾਰੀਆਂ ਨਰਸਾਂ ਦਾ ਬਹੁਤ ਧੰਨਵਾਦ। ਤੁਸੀਂ ਸਾਡਾ ਬਹੁਤ ਖਿਆਲ ਰੱਖਿਆ।", false},
    {"gujarati", "નેહા પટેલ", "બધી નર્સોનો ખૂબ આભાર. તમે અમારી ખૂબ કાળજી લીધી.", false},
    {"tamil", "கவிதா ராஜா", "குழந்தைகள் பிரிவின் அனைத்து செவிலியர்களுக்கும் நன்றி. நீங்கள் எங்களை அன்புடன் கவனித்தீர்கள்.", false},
    {"telugu", "లక్ష్మి రెడ్డి", "పిల్లల వార్డులోని నర్సులందరికీ ధన్యవాదాలు. మీరు మమ్మల్ని బాగా చూసుకున్నారు.", false},
    {"kannada", "ಅನಿತಾ ರಾವ್", "ಮಕ್ಕಳ ವಾರ್ಡಿನ ಎಲ್ಲಾ ದಾದಿಯರಿಗೆ ಧನ್ಯವಾದಗಳು. ನೀವು ನಮ್ಮನ್ನು ಚೆನ್ನಾಗಿ ನೋಡಿಕೊಂಡಿರಿ.", false},
    {"malayalam", "ആൻ മേരി", "കുട്ടികളുടെ വാർഡിലെ എല്ലാ നഴ്സുമാർക്കും നന്ദി. നിങ്ങൾ ഞങ്ങളെ നന്നായി പരിചരിച്ചു.", false},
    {"sinhala", "නිමාලි පෙරේරා", "ළමා වාට්ටුවේ සියලුම හෙදියන්ට ස්තූතියි. ඔබ අපව හොඳින් රැකබලා ගත්තා.", false},
    {"thai", "สมชาย ใจดี", "ขอบคุณพยาบาลทุกคนที่แผนกเด็กมากครับ ทุกคนดูแลพวกเราดีมากตลอดสามวันที่ผ่านมา", false},
    {"lao", "ສົມພອນ", "ຂອບໃຈພະຍາບານທຸກຄົນຫຼາຍໆ ທ່ານເບິ່ງແຍງພວກເຮົາດີຫຼາຍ", false},
    {"khmer", "សុខា", "សូមអរគុណគិលានុបដ្ឋាយិកាទាំងអស់ ដែលបានមើលថែយើងយ៉ាងល្អ", false},
    {"myanmar", "အောင်အောင်", "ကလေးဆောင်မှ သူနာပြုအားလုံးကို ကျေးဇူးတင်ပါသည်။", false},
    {"amharic", "ሰላም ታደሰ", "በህፃናት ክፍል ላሉ ነርሶች ሁሉ እናመሰግናለን። በጣም ጥሩ እንክብካቤ አድርጋችሁልናል።", false},
    {"tigrinya", "ሄለን ገብሩ", "ንኹሎም ነርሳት ናይ ቆልዑ ክፍሊ የቐንየልና። ብጣዕሚ ጽቡቕ ተኸናኺንኩምና።", false},
    {"armenian", "Անի Պետրոսյան", "Շնորհակալություն մանկական բաժանմունքի բոլոր բուժքույրերին։", false},
    {"georgian", "ნინო ბერიძე", "დიდი მადლობა ბავშვთა განყოფილების ყველა ექთანს.", false},
    {"vietnamese", "Nguyễn Thị Hồng", "Cảm ơn tất cả các y tá khoa nhi. Các bạn đã chăm sóc chúng tôi rất chu đáo.", false},
    {"greek", "Ελένη Παπαδοπούλου", "Ευχαριστούμε όλες τις νοσηλεύτριες της παιδιατρικής κλινικής για τη φροντίδα τους.", false},
    {"cyrillic", "Анна Иванова", "Спасибо всем медсёстрам детского отделения за заботу и доброту.", false},
    {"japanese", "佐藤 花子", "小児科の看護師のみなさん、本当にありがとうございました。「また来てね」と言ってくれて嬉しかったです。", false},
    {"chinese", "王小明", "感谢儿科病房的所有护士，你们的照顾让我们感到温暖。", false},
    {"korean", "김민지", "소아과 간호사 선생님들께 진심으로 감사드립니다. 정말 따뜻하게 돌봐 주셨어요.", false},
};

SnapshotPtr one_post(const Script& s) {
    WallSnapshot snap;
    Post p;
    p.id = std::string("script-") + s.slug;
    p.author = s.author;
    p.handle = "@" + std::string(s.slug) + "@social.example";
    p.text = s.text;
    p.created = kNow - minutes(5);
    snap.posts.push_back(p);
    return std::make_shared<const WallSnapshot>(snap);
}

WallConfig one_card_config() {
    WallConfig wall;
    wall.layout = "grid";
    wall.hospital_name = "St. Vincent's Hospital";
    return wall;
}

// The card's pixels, row by row.
std::vector<std::uint8_t> crop(const Frame& f, const wall::Rect& r, int& w, int& h) {
    const int x0 = int(r.x), y0 = int(r.y);
    w = int(r.w);
    h = int(r.h);
    std::vector<std::uint8_t> out(static_cast<size_t>(w) * h * 4);
    for (int y = 0; y < h; ++y)
        std::copy_n(f.rgba.data() + (static_cast<size_t>(y0 + y) * f.width + x0) * 4, static_cast<size_t>(w) * 4,
                    out.data() + static_cast<size_t>(y) * w * 4);
    return out;
}

void check_card_golden(const std::string& slug, const std::vector<std::uint8_t>& card, int w, int h) {
    const std::string path = LOBBYWALL_SOURCE_DIR "/tests/wall/golden/scripts/" + slug + ".png";
    if (std::getenv("LOBBYWALL_UPDATE_GOLDENS")) {
        std::filesystem::create_directories(std::filesystem::path(path).parent_path());
        REQUIRE(platform::write_png(path, w, h, card));
        WARN("wrote " << path);
        return;
    }
    int gw = 0, gh = 0, channels = 0;
    unsigned char* golden = stbi_load(path.c_str(), &gw, &gh, &channels, 4);
    INFO(path << " (regenerate with LOBBYWALL_UPDATE_GOLDENS=1)");
    REQUIRE(golden);
    REQUIRE(gw == w);
    REQUIRE(gh == h);
    const double fraction = differing_fraction(card.data(), golden, static_cast<size_t>(w) * h, kPixelTolerance);
    stbi_image_free(golden);
    INFO(slug << ": " << fraction * 100 << "% of pixels differ");
    if (fraction > kMaxDifferingFraction) {
        const std::string out = LOBBYWALL_BINARY_DIR "/golden-out/scripts";
        std::filesystem::create_directories(out);
        platform::write_png(out + "/" + slug + ".png", w, h, card);
    }
    CHECK(fraction <= kMaxDifferingFraction);
}

bool is_accent(Rgb c) { return Frame::near(c, rgb_of(kTheme.accent), 30); }

}  // namespace

TEST_CASE("a card in every script matches its golden picture, right-to-left ones mirrored", "[render][scripts]") {
    for (const Script& s : kScripts) {
        INFO(s.slug);
        const Frame f = render(one_post(s), 1920, 1080, {0.0}, one_card_config());
        REQUIRE(f.geometry.cards.size() == 1);
        const wall::Rect card = f.geometry.cards[0].rect;
        // Text is drawn (no empty card), in the text colour.
        wall::Rect body = card;
        body.y += 100 * f.layout.scale;
        body.h = 100 * f.layout.scale;
        CHECK(f.count(body, is_text) > 300);
        // The author row: the avatar placeholder (accent colour) on the reading side.
        const float pad = 26 * f.layout.scale, avatar = 64 * f.layout.scale;
        const wall::Rect left_avatar{card.x + pad, card.y + pad, avatar, avatar};
        const wall::Rect right_avatar{card.right() - pad - avatar, card.y + pad, avatar, avatar};
        CHECK(f.count(s.rtl ? right_avatar : left_avatar, is_accent) > avatar * avatar / 2);
        CHECK(f.count(s.rtl ? left_avatar : right_avatar, is_accent) < avatar * 2);
        // The body's text hugs the reading side: its first line's ink starts near that edge.
        wall::Rect first_line{card.x + pad, card.y + pad + avatar + 18 * f.layout.scale, card.w - 2 * pad, 30 * f.layout.scale};
        int min_x = f.width, max_x = 0;
        for (int y = int(first_line.y); y < int(first_line.bottom()); ++y)
            for (int x = int(first_line.x); x < int(first_line.right()); ++x)
                if (is_text(f.at(x, y))) {
                    min_x = std::min(min_x, x);
                    max_x = std::max(max_x, x);
                }
        REQUIRE(max_x > min_x);
        if (s.rtl) CHECK(first_line.right() - float(max_x) < 12 * f.layout.scale);
        else CHECK(float(min_x) - first_line.x < 12 * f.layout.scale);
        int w = 0, h = 0;
        const std::vector<std::uint8_t> pixels = crop(f, card, w, h);
        check_card_golden(s.slug, pixels, w, h);
    }
}

TEST_CASE("the ticker shows a right-to-left post with its author on the right, a left-to-right one on the left", "[render][scripts]") {
    struct Case {
        const char* name;
        const Script* script;
        bool author_right;
    };
    const Case cases[] = {{"Arabic", &kScripts[0], true}, {"Hebrew", &kScripts[3], true}, {"Thai", &kScripts[13], false}};
    for (const Case& c : cases) {
        INFO(c.name);
        WallConfig wall = one_card_config();
        wall.ticker = true;
        const Frame f = render(one_post(*c.script), 1920, 1080, {0.0}, wall);
        const wall::Rect band = f.layout.ticker;
        REQUIRE(band.h > 0);
        // The author is drawn in the accent colour, the text in the text colour (first segment only).
        const wall::Rect inner{band.x, band.y + 6 * f.layout.scale, band.w, band.h - 8 * f.layout.scale};
        int author_min = f.width, text_min = f.width;
        for (int y = int(inner.y); y < int(inner.bottom()); ++y)
            for (int x = int(inner.x); x < int(inner.right()); ++x) {
                if (is_accent(f.at(x, y))) author_min = std::min(author_min, x);
                if (is_text(f.at(x, y))) text_min = std::min(text_min, x);
            }
        REQUIRE(author_min < f.width);
        REQUIRE(text_min < f.width);
        if (c.author_right) CHECK(author_min > text_min + 200);
        else CHECK(text_min > author_min + 50);
    }
}

TEST_CASE("a small picture is shown at most twice its size, not blown up to the card's width", "[render][scripts]") {
    lw::test::TempDir dir;
    struct Case {
        const char* name;
        int size;          // a square picture of this many pixels
        bool small;        // narrower than half the card
    };
    const Case cases[] = {{"64 x 64", 64, true}, {"100 x 100", 100, true}, {"900 x 900", 900, false}};
    for (const Case& c : cases) {
        INFO(c.name);
        const std::string path = (dir.path() / (std::to_string(c.size) + ".png")).string();
        std::vector<std::uint8_t> red(static_cast<size_t>(c.size) * c.size * 4);
        for (size_t i = 0; i < red.size(); i += 4) {
            red[i] = 230;
            red[i + 1] = 20;
            red[i + 2] = 20;
            red[i + 3] = 255;
        }
        REQUIRE(platform::write_png(path, c.size, c.size, red));
        WallSnapshot snap;
        Post p;
        p.id = "small-picture";
        p.author = "Sam";
        p.handle = "@sam@social.example";
        p.text = "A picture.";
        p.created = kNow - minutes(5);
        Media m;
        m.url = "https://social.example/p.png";
        m.local_path = path;
        p.media.push_back(m);
        snap.posts.push_back(p);
        const Frame f = render(std::make_shared<const WallSnapshot>(snap), 1920, 1080, {0.0}, one_card_config());
        REQUIRE(f.geometry.cards.size() == 1);
        const wall::Rect card = f.geometry.cards[0].rect;
        // The red square's extent on screen.
        int min_x = f.width, max_x = -1, min_y = f.height, max_y = -1;
        for (int y = int(card.y); y < int(card.bottom()); ++y)
            for (int x = int(card.x); x < int(card.right()); ++x)
                if (Frame::near(f.at(x, y), {230, 20, 20}, 30)) {
                    min_x = std::min(min_x, x);
                    max_x = std::max(max_x, x);
                    min_y = std::min(min_y, y);
                    max_y = std::max(max_y, y);
                }
        REQUIRE(max_x >= min_x);
        const int shown_w = max_x - min_x + 1, shown_h = max_y - min_y + 1;
        if (c.small) {
            CHECK(shown_w <= 2 * c.size + 2);
            CHECK(shown_h <= 2 * c.size + 2);
            CHECK(shown_w >= 2 * c.size - 4);  // twice its size when the card has room
        } else {
            CHECK(shown_w > card.w * 0.8f);  // a large one still fills the card's width
        }
    }
}
