// The privacy guard's words in the languages the wall shows: English,
// Spanish, French, Portuguese, German, Polish, Turkish, Arabic, Urdu, Hindi and
// Chinese (a few Italian words too). Every entry is folded the way tokens are
// (lower case, accents dropped), so "Cáncer", "CANCER" and "cancer" match the
// same entry. Entries of several words are phrases; Han characters are one
// token each, so a Chinese entry matches its characters in a row.
#include "moderation/privacy_lexicon.h"

#include <cassert>
#include <unordered_map>
#include <unordered_set>

namespace lw::moderation::privacy {
namespace {

using Phrase = std::vector<std::string>;

// Splits an entry into folded tokens: words at spaces, and every Han or kana
// character on its own.
Phrase to_phrase(std::string_view entry) {
    Phrase out;
    const TokenText t = tokenize(entry);
    for (const Token& tok : t.tokens) out.push_back(tok.lower);
    return out;
}

// Every list's first words, each with the bits of the lists it starts an
// entry of: one hash lookup per token tells every list whether to look.
struct Registry {
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> masks;
    std::uint32_t next_bit = 0;
};

Registry& registry() {
    static Registry r;
    return r;
}

std::uint32_t mask_of(const Token& t) {
    if (t.lexicon_mask == 0xFFFFFFFFu) {
        const auto& masks = registry().masks;
        auto it = masks.find(std::string_view(t.lower));
        t.lexicon_mask = it == masks.end() ? 0 : it->second;
    }
    return t.lexicon_mask;
}

}  // namespace

Lexicon::Lexicon(std::initializer_list<std::string_view> entries) {
    assert(registry().next_bit < 31);
    bit_ = 1u << registry().next_bit++;
    for (std::string_view e : entries) {
        Phrase p = to_phrase(e);
        if (p.empty()) continue;
        registry().masks[p[0]] |= bit_;
        if (p.size() == 1) {
            singles_.insert(p[0]);
        } else {
            longest_ = std::max(longest_, p.size());
            phrases_[p[0]].push_back(std::move(p));
        }
    }
}

std::size_t Lexicon::match(const std::vector<Token>& k, std::size_t i) const {
    if (i >= k.size() || k[i].type == TokenType::Punct || (mask_of(k[i]) & bit_) == 0) return 0;
    std::size_t best = 0;
    auto it = phrases_.find(std::string_view(k[i].lower));
    if (it != phrases_.end()) {
        for (const Phrase& p : it->second) {
            if (p.size() <= best || i + p.size() > k.size()) continue;
            bool all = true;
            for (std::size_t n = 1; n < p.size() && all; ++n) all = k[i + n].lower == p[n];
            if (all) best = p.size();
        }
    }
    if (best == 0 && singles_.find(std::string_view(k[i].lower)) != singles_.end()) best = 1;
    return best;
}

bool Lexicon::has(std::string_view folded_word) const { return singles_.find(folded_word) != singles_.end(); }

// Conditions, procedures and states of care a person is in.
const Lexicon& conditions() {
    static const Lexicon words = {
        // English
        "cancer", "cancers", "tumour", "tumours", "tumor", "leukaemia", "leukemia", "lymphoma", "melanoma",
        "neuroblastoma", "chemo", "chemotherapy", "radiotherapy", "radiation therapy", "stroke", "mini stroke",
        "dementia", "alzheimer's", "alzheimers", "alzheimer", "parkinson's", "parkinsons", "diabetes", "diabetic",
        "type 1 diabetes", "surgery", "operation", "op", "transplant", "amputation", "amputated", "diagnosed",
        "diagnosis", "prognosis", "biopsy", "icu", "itu", "hdu", "nicu", "picu", "scbu", "ccu", "ventilator",
        "coma", "sepsis", "septic", "pneumonia", "covid", "fracture", "fractured", "miscarriage", "miscarried",
        "overdose", "overdosed", "hiv", "hepatitis", "cirrhosis", "dialysis", "seizure", "seizures", "epilepsy",
        "depression", "bipolar", "schizophrenia", "psychosis", "anorexia", "bulimia", "eating disorder",
        "terminal", "palliative", "end of life", "mastectomy", "hysterectomy", "appendicitis", "appendix",
        "tonsils", "tonsillitis", "admitted", "discharged", "recovering", "caesarean", "c-section", "c section",
        "section", "ivf", "sectioned", "meningitis", "tuberculosis", "mrsa", "bypass", "angioplasty",
        "angiogram", "stent", "pacemaker", "concussion", "paralysed", "paralyzed", "knee replacement",
        "hip replacement", "new hip", "new knee", "knee replaced", "hip replaced", "heart attack",
        "cardiac arrest", "intensive care", "high dependency", "brain tumour", "broken hip", "broken leg",
        "broken arm", "broken wrist", "broken neck", "broken ankle", "broken nose", "broke his", "broke her",
        "broken", "life support", "critical condition", "multiple sclerosis", "motor neurone disease",
        "heart failure", "kidney failure", "organ failure", "mental health crisis", "in labour", "in labor",
        "labour", "induced", "hip fracture", "asthma", "asthma attack", "panic attack", "croup", "bronchiolitis",
        "rsv", "jaundice", "jaundiced", "cast", "plaster", "stitches", "chest drain", "drip", "oxygen", "cpap",
        "resus", "scan", "mri", "bloods", "blood transfusion", "transfusion", "infusion", "chest infection",
        "urine infection", "kidney infection", "infection", "norovirus", "shingles", "chickenpox", "measles",
        "glandular fever", "sickle cell", "lupus", "autism", "autistic", "adhd", "cystic fibrosis", "copd",
        "blood clot", "collapsed lung", "dehydration", "pre-eclampsia", "premature", "prem", "born sleeping",
        "stillborn", "came out of surgery", "out of surgery", "in theatre", "out of theatre", "anaesthetic",
        "dislocated", "sprained", "burns", "hernia", "gallbladder", "gallstones", "kidney stones", "cataract",
        "cataracts", "grommets", "cochlear implant", "hearing aid", "prosthetic", "wheelchair", "traction",
        "spinal injury", "deaf", "vasectomy", "operations", "surgeries", "hearing aids", "had a fall",
        "pelvis", "cracked", "end of life care", "palliative care", "on the mend", "kidney", "liver", "lungs", "blind", "confused", "unconscious", "bowel", "colonoscopy",
        "pins", "insulin", "leg ulcer", "ulcers", "fever", "high fever", "vomiting", "platelets", "fistula",
        "scoliosis", "heart surgery", "brain surgery", "heart defect", "hole in the heart", "waters broke",
        "gave birth", "emergency section", "nhs waiting list", "transplant list", "donor", "bone marrow",
        "radiotherapy", "end of chemo", "first seizure", "epileptic", "tumour has shrunk", "kidneys",
        "mental health unit", "pneumonia", "covid-19", "flu", "tb", "chemo's", "ivf",
        // Spanish
        "uci", "cancer", "quimio", "quimioterapia", "radioterapia", "dialisis", "operacion", "operan", "operado",
        "operada", "cirugia", "infarto", "ictus", "neumonia", "fractura", "se rompio", "rompio", "ingresado",
        "ingresada", "ingresaron", "hospitalizado", "hospitalizada", "prematuro", "prematura", "asma",
        "demencia", "alzheimer", "leucemia", "fiebre", "oxigeno", "trasplante", "diabetes", "tumor",
        // French
        "reanimation", "soins intensifs", "chimio", "chimiotherapie", "dialyse", "opere", "operee", "avc",
        "infarctus", "pneumonie", "hospitalise", "hospitalisee", "premature", "crise d'asthme", "asthme",
        "leucemie", "sous dialyse", "greffe", "diabete", "demence", "casse", "cassee", "s'est casse", "platre",
        "platree", "jambe cassee", "bras casse", "coma",
        // Portuguese
        "uti", "cti", "quimioterapia", "hemodialise", "dialise", "cirurgia", "internado", "internada",
        "quebrou", "cuidados intensivos", "operado", "avc", "cancro", "diabetes", "pneumonia",
        // German
        "intensivstation", "chemotherapie", "chemo", "dialyse", "schlaganfall", "herzinfarkt", "krebs",
        "leukamie", "lungenentzundung", "operation", "operiert", "op", "gebrochen", "demenz", "herz-op",
        "knie-op", "an der dialyse",
        // Polish
        "oiom", "intensywnej terapii", "chemioterapia", "chemioterapie", "chemia", "dializy", "dializowany",
        "dializowana", "udar", "zawal", "zawale", "zapalenie pluc", "operacja", "operacji", "po operacji",
        "nowotwor", "rak", "raka", "bialaczka", "zlamana", "zlamany", "zlamal", "zlamala", "gorączka",
        // Turkish
        "yogun bakim", "yogun bakimda", "ameliyat", "ameliyattan", "ameliyati", "kemoterapi", "diyaliz",
        "diyalize", "kanser", "felc", "kalp krizi", "zature", "zaturre", "alci", "alciya", "kirik", "kuvoz",
        "kuvozde", "ameliyata", "ameliyatta", "kanser tedavisi", "astim", "ates",
        // Italian
        "terapia intensiva", "chemio", "intervento", "ricoverato", "ricoverata",
        // Arabic
        "العناية المركزة", "عملية", "العملية", "سرطان", "السرطان", "بالسرطان", "غسيل الكلى", "الكيميائي",
        "الجلطة", "جلطة", "كسر", "وكسر", "الربو", "ربو", "حمى", "مصاب", "مصابة", "الحضانة", "السكري", "المستشفى",
        // Urdu
        "آئی سی یو", "آپریشن", "کینسر", "ڈائلیسس", "دمہ", "شوگر", "ٹوٹی", "داخل", "ہسپتال", "بخار",
        // Hindi
        "आईसीयू", "ऑपरेशन", "कैंसर", "डायलिसिस", "भर्ती", "डेंगू", "डायबिटीज़", "डायबिटीज", "टूट", "एनआईसीयू",
        "कीमोथेरेपी", "अस्पताल", "बुखार", "अस्थमा",
        // Chinese
        "重症监护", "手术", "癌", "化疗", "透析", "住院", "骨折", "早产", "糖尿病", "搭桥", "心脏病", "中风", "发烧",
        "哮喘", "肺炎",
    };
    return words;
}

// Places and units of care: a private person named with one of these is a patient.
const Lexicon& care_places() {
    static const Lexicon words = {
        "ward", "unit", "icu", "nicu", "picu", "hdu", "scbu", "ccu", "a&e", "resus", "majors", "minors",
        "hospice", "special care", "neonatal", "neonates", "isolation room", "discharge lounge", "delivery suite",
        "labour ward", "maternity unit", "maternity ward", "in hospital", "into hospital", "to hospital",
        "hospitalised", "hospitalized", "rushed in", "kept in", "side room",
        "children's hospital", "children's ward", "psych unit", "psychiatric hospital", "psychiatric ward",
        "rehab", "trauma unit", "recovery", "theatre", "suite", "orthopaedics", "paediatrics", "respiratory ward",
        "oncology ward", "geriatric ward", "intensive care", "high dependency",
        // other languages
        "pediatria", "neonatos", "urgencias", "planta", "geriatria", "cardiologia", "neurologia", "en el hospital",
        "urgences", "neonatologie", "pediatrie", "geriatrie", "neurologie", "neonatal", "kinderstation",
        "fruhchenstation", "stroke unit", "krankenhaus", "station", "szpitalu", "szpital", "pediatrii",
        "neurologii", "hastanede", "hastane", "acilde", "الحضانة", "المستشفى", "قسم الأطفال", "وارڈ",
        "ہسپتال", "बच्चों के वार्ड", "वार्ड", "अस्पताल", "病房", "儿科", "新生儿科", "医院", "重症监护室",
    };
    return words;
}

// Words before a name that say the person is family or someone addressed:
// "my brother", "baby", "grandpa", "Tante", "abuela", "أخي", "भाई", "奶奶".
const Lexicon& kinship_words() {
    static const Lexicon words = {
        "mum", "mom", "mummy", "mommy", "dad", "daddy", "mother", "father", "nan", "nana", "nanna", "nanny",
        "gran", "granny", "grandma", "grandmother", "grandad", "granddad", "grandpa", "grampa", "grandfather",
        "grandson", "granddaughter", "auntie", "aunty", "aunt", "uncle", "cousin", "husband", "wife", "son",
        "daughter", "brother", "sister", "bro", "sis", "partner", "boyfriend", "girlfriend", "fiance", "fiancee",
        "baby", "niece", "nephew", "bestie", "friend", "little", "lil", "our", "baba", "mama", "papa", "nonna",
        "nonno", "zia", "zio", "brother-in-law", "sister-in-law", "stepdad", "stepmum", "twin", "neighbour",
        "coach", "pastor", "alhaji", "cousin", "godson", "goddaughter", "grandpa", "grandson", "mate",
        // Spanish
        "hermano", "hermana", "abuela", "abuelo", "tia", "tio", "primo", "prima", "hijo", "hija", "madre",
        "padre", "papa", "mama", "bebe", "sobrino", "sobrina", "esposo", "esposa", "marido", "nieto", "nieta",
        "dona", "don", "nieto", "nieta",
        // French
        "frere", "soeur", "sœur", "grand-mere", "grand-pere", "mamie", "papi", "papy", "tante", "tata",
        "oncle", "cousine", "fils", "fille", "mere", "pere", "maman", "mari", "femme", "neveu", "niece",
        "petit-fils", "petite-fille",
        // Portuguese
        "irmao", "irma", "avo", "vovo", "tio", "tia", "filho", "filha", "mae", "pai", "neto", "neta", "sobrinho",
        "sobrinha",
        // German
        "bruder", "schwester", "oma", "opa", "onkel", "sohn", "tochter", "mutter", "vater", "enkel", "enkelin",
        "neffe", "nichte", "mann", "frau",
        // Polish
        "brat", "siostra", "babcia", "babciu", "dziadek", "dziadku", "ciocia", "ciociu", "wujek", "kuzyn",
        "kuzynka", "syn", "corka", "synek", "coreczka", "tata", "maz", "zona", "wnuk", "wnuczka", "bratanek",
        "bratanica", "siostrzeniec", "siostrzenica",
        // Turkish
        "kardesim", "annem", "babam", "dedem", "ninem", "anneannem", "babaannem", "oglum", "kizim", "oglumuz",
        "kizimiz", "esim", "ablam", "abim", "yegenim", "kuzenim", "teyzem", "amcam", "torunum",
        // Arabic
        "أخي", "اخي", "أختي", "اختي", "أمي", "امي", "أبي", "ابي", "والدي", "والدتي", "جدي", "جدتي", "عمي",
        "عمتي", "خالي", "خالتي", "ابني", "ابنتي", "زوجي", "زوجتي", "الحاج", "الحاجة", "يا", "حفيدي", "حفيدتي",
        // Urdu
        "بھائی", "بہن", "امی", "ابو", "دادا", "دادی", "نانا", "نانی", "خالہ", "چچا", "ماموں", "بیٹا", "بیٹی",
        "شوہر", "بیوی", "امی جان", "ابو جان", "نواسہ", "نواسی", "پوتا", "پوتی", "بھتیجا", "بھتیجی", "بھانجا",
        "بھانجی",
        // Hindi
        "भाई", "बहन", "माँ", "पिता", "पापा", "दादा", "दादी", "नाना", "नानी", "चाचा", "चाची", "मामा", "मौसी",
        "बेटा", "बेटी", "पति", "पत्नी", "दादाजी", "नानीजी", "दादीजी", "भतीजा", "भतीजी", "भांजा", "भांजी", "पोता",
        "पोती", "नाती", "नातिन",
        // Chinese
        "弟弟", "哥哥", "姐姐", "妹妹", "奶奶", "爷爷", "外婆", "外公", "妈妈", "爸爸", "儿子", "女儿", "阿姨",
        "叔叔", "丈夫", "妻子", "老公", "老婆", "外甥", "外甥女", "侄子", "侄女", "孙子", "孙女", "外孙", "外孙女",
    };
    return words;
}

// Words after a name that make it a private person's: Turkish "Ayşe teyze",
// Hindi "कमला जी", Urdu "نانی جان", Chinese "王先生".
const Lexicon& honorifics_after() {
    static const Lexicon words = {
        "teyze", "amca", "dayi", "hala", "hanim", "bey", "abla", "jan", "ji", "जी", "جان", "صاحب", "先生",
        "女士", "太太", "小姐",
    };
    return words;
}

// Phrases that address a person by name: "get well soon Jo", "pray for Ali".
const Lexicon& address_phrases() {
    static const Lexicon words = {
        "get well soon", "get well", "get wel soon", "pray for", "pray 4", "prayers for", "praying for",
        "sending love to", "sending strength to", "sending hugs to", "sending get well wishes to", "hey", "hi",
        "yo", "hiya", "ciao",
        "sending love", "love to", "lots of love to", "big love to", "big hug to", "hugs to", "thinking of",
        "thoughts with", "keep fighting", "stay strong", "keep going", "keep smiling", "wishing", "hope",
        "hope ur ok", "rip", "rest in peace", "rest easy", "welcome home", "good luck", "go get 'em",
        "love you", "dear", "bless", "speedy recovery to",
        "que te mejores", "mucho animo", "bon courage", "bon retablissement", "prompt retablissement",
        "melhoras", "forca", "gute besserung", "szybkiego powrotu do zdrowia", "trzymaj sie", "gecmis olsun",
        "شفاك الله", "الله يشفيك", "اللہ شفا دے", "pensees pour",
    };
    return words;
}

// Wishes that say the person they name is ill: "get well soon Jo".
const Lexicon& illness_wishes() {
    static const Lexicon words = {
        "get well soon", "get well", "get wel soon", "get well wishes", "speedy recovery", "quick recovery",
        "feel better", "feeling better", "on the mend", "que te mejores", "pronta recuperacion",
        "bon retablissement", "prompt retablissement", "melhoras", "gute besserung",
        "szybkiego powrotu do zdrowia", "gecmis olsun", "شفاك الله", "الله يشفيك", "اللہ شفا دے", "早日康复",
    };
    return words;
}

// Titles of private people (not staff): Mr, Mrs, Sra., Herr, Pani, Bey…
const Lexicon& private_titles() {
    static const Lexicon words = {
        "mr", "mrs", "ms", "miss", "mx", "senor", "senora", "sra", "sr", "monsieur", "madame", "mme", "herr",
        "pan", "pani", "dona", "seu", "signora", "signor",
    };
    return words;
}

// Staff titles and jobs before a name, in every language: "Dr", "Nurse",
// "Dra.", "infirmière", "Schwester", "Hemşire", "الدكتور", "डॉ", "护士".
const Lexicon& staff_titles_world() {
    static const Lexicon words = {
        "dra", "doctora", "doctor", "enfermera", "enfermero", "docteur", "infirmiere", "infirmier",
        "enfermeira", "enfermeiro", "schwester", "pfleger", "pflegerin", "oberarztin", "oberarzt", "arzt",
        "arztin", "chefarztin", "chefarzt", "pielegniarka", "pielegniarce", "lekarz", "dr", "hemsire", "doktor",
        "الدكتور", "الدكتورة", "الممرضة", "الممرض", "ڈاکٹر", "نرس", "डॉ", "डॉक्टर", "नर्स", "医生", "护士",
        "l'infirmiere", "l'infirmier", "clerk", "housekeeper", "phlebotomist", "healthcare", "student",
        "volunteer", "porter", "receptionist", "manager", "chef", "scientist", "scientists", "therapist", "worker", "cleaner", "lead", "head",
        "technician", "assistant", "practitioner", "officer", "director", "chief", "dietitian", "coordinator",
        "nurse", "midwife", "porter", "physio", "consultant", "sister", "matron", "rev", "reverend", "chaplain",
    };
    return words;
}

// Thanks, praise and welcome in every language: names after them are staff.
const Lexicon& thanks_world() {
    static const Lexicon words = {
        "diolch", "gracias", "merci", "obrigado", "obrigada", "agradeco", "danke", "dziekuje", "dziekujemy", "tesekkur",
        "tesekkurler", "شكرا", "شكراً", "شکریہ", "धन्यवाद", "谢谢", "感谢", "felicidades", "felicitations",
        "parabens", "gluckwunsch", "gratulacje", "bienvenue", "bienvenida", "willkommen", "witamy", "مرحبا",
        "نرحب", "مبارکباد", "बधाई", "祝贺", "欢迎",
    };
    return words;
}

// Words around a number that make it a phone number.
std::size_t phone_word_at(const std::vector<Token>& k, std::size_t i) {
    static const Lexicon words = {
        "phone", "phoned", "call", "calling", "ring", "text", "txt", "tel", "telephone", "mobile", "mob", "cell",
        "whatsapp", "number", "no", "num", "nr", "contact", "hmu", "ph", "numero", "llamame", "llama", "movil",
        "telefono", "appelez", "appelle", "portable", "telefone", "liga", "ligue", "celular", "nummer",
        "handy", "ruf", "anrufen", "numer", "zadzwon", "telefon", "numaram", "numarasi", "arayin", "ara",
        "رقم", "رقمي", "اتصل", "نمبر", "فون", "नंबर", "फोन", "फ़ोन", "电话", "手机", "号码", "เบอร์", "โทร",
    };
    return words.match(k, i);
}

// Words that make a number or mailbox a service's: helplines, desks, offices.
std::size_t public_service_word_at(const std::vector<Token>& k, std::size_t i) {
    static const Lexicon words = {
        "helpline", "hotline", "switchboard", "line", "lines", "lifeline", "triage", "appointments",
        "appointment", "booking", "bookings", "enquiries", "queries", "pals", "service", "services", "team",
        "department", "dept", "clinic", "desk", "office", "pharmacy", "crisis", "support", "advice",
        "information", "freephone", "free", "confidential", "24/7", "hours", "open", "ward", "unit",
        "samaritans", "childline", "nhs", "emergency", "emergencies", "reception", "ext", "extension",
        "linea", "atencion", "urgences", "notruf", "alarmowy", "santrali", "santral", "hastane", "الطوارئ",
        "للطوارئ", "ایمرجنسی", "आपातकाल", "急救", "总机", "医院", "macmillan", "parents", "relatives",
        "families", "visiting", "translator", "interpreter", "smoking", "stop", "maternity", "assessment",
        "charity", "registered", "company", "vat", "giftnotruf", "informacja", "szpitala", "numer alarmowy",
    };
    return words.match(k, i);
}

// Words that make a number or mailbox a person's.
std::size_t personal_word_at(const std::vector<Token>& k, std::size_t i) {
    static const Lexicon words = {
        "me", "my", "mine", "i'm", "im", "i", "myself", "mum", "mom", "dad", "husband", "wife", "brother",
        "sister", "daughter", "son", "nan", "gran", "grandma", "grandad", "family", "whatsapp", "text", "mobile",
        "cell", "personal", "home", "mi", "llamame", "moi", "mon", "ma", "meu", "minha", "mein", "meine",
        "mich", "mnie", "moj", "beni", "benim", "اتصل", "رقمي", "میرا", "मेरा", "我的", "我",
    };
    return words.match(k, i);
}

// Parts of a mailbox name that make it an office's: pals@, info@, support@.
bool is_mailbox_role_word(std::string_view w) {
    static const std::unordered_set<std::string_view> words = {
        "pals", "info", "enquiries", "enquiry", "support", "appointments", "appointment", "parking", "pharmacy",
        "raffle", "ipc", "admin", "contact", "office", "hello", "press", "comms", "communications", "noreply",
        "help", "helpdesk", "team", "bookings", "booking", "reception", "feedback", "complaints", "careers",
        "jobs", "volunteers", "volunteering", "fundraising", "charity", "events", "news", "media",
        "clinic", "service", "services", "secretary", "switchboard", "facilities", "estates", "it",
    };
    return words.count(w) != 0;
}

// An ID label in another language ("historia clínica", "numéro de dossier",
// "Patientennummer", "PESEL", "رقم الملف", "病历号"); the tokens it spans or 0.
std::size_t id_label_at(const std::vector<Token>& k, std::size_t i) {
    static const Lexicon words = {
        "historia clinica", "numero de historia clinica", "numero de paciente", "numero de dossier",
        "numero patient", "numero de patient", "numero do paciente", "prontuario", "patientennummer",
        "versichertennummer", "fallnummer", "numer pacjenta", "pesel", "hasta numarasi", "hasta no",
        "tc kimlik no", "kimlik no", "رقم الملف الطبي", "رقم الملف", "رقم المريض", "مریض نمبر",
        "रोगी संख्या", "मरीज़ संख्या", "मरीज संख्या", "病历号", "住院号", "hosp no", "hospital no", "hosp",
        "patient number", "patient no", "patient id", "record no", "record number", "mrn",
    };
    return words.match(k, i);
}

// A date-of-birth label in any language; the tokens it spans or 0.
std::size_t dob_label_at(const std::vector<Token>& k, std::size_t i) {
    static const Lexicon words = {
        "fecha de nacimiento", "date de naissance", "data de nascimento", "geburtsdatum", "data urodzenia",
        "dogum tarihi", "تاريخ الميلاد", "تاریخ پیدائش", "जन्म तिथि", "जन्मतिथि", "出生日期", "生日",
    };
    return words.match(k, i);
}

// "Born" in any language: nació, né, nascido, geboren, urodzony, doğdu…
bool is_born_word(std::string_view w) {
    static const Lexicon words = {
        "born", "nacio", "nacido", "nacida", "ne", "nee", "nascido", "nascida", "nasceu", "geboren",
        "urodzony", "urodzona", "urodzil", "dogdu", "ولد", "ولدت", "پیدا", "जन्म", "出生",
    };
    return words.has(w);
}

// "Room", "bed" and their kin in every language.
bool is_room_word(std::string_view w) {
    static const Lexicon words = {
        "room", "rm", "bed", "bay", "cubicle", "ward", "lit", "habitacion", "cama", "chambre", "quarto", "leito",
        "zimmer", "bett", "sala", "sali", "lozko", "łozko", "oda", "odada", "odasi", "غرفة", "الغرفة", "سرير",
        "کمرہ", "بستر", "कमरा", "बेड", "房", "病房", "床",
    };
    return words.has(w);
}

// "My patient" in every language: the words before "patient".
std::size_t my_patient_at(const std::vector<Token>& k, std::size_t i) {
    static const Lexicon words = {
        "my patient", "my patients", "my patient's", "our patient", "our patient's", "this patient",
        "mi paciente", "mis pacientes", "mon patient", "ma patiente", "mes patients", "meu paciente",
        "minha paciente", "meus pacientes", "mein patient", "meine patientin", "unser patient",
        "unsere patientin", "moj pacjent", "moja pacjentka", "hastam", "مريضي", "میرا مریض", "मेरा मरीज़",
        "我的病人",
    };
    return words.match(k, i);
}

// A street word in another language: "Calle Mayor 14", "rue des Lilas",
// "Lindenstraße 22", "ulicy Polnej 5".
bool is_foreign_street_word(std::string_view w) {
    static const Lexicon words = {
        "calle", "avenida", "plaza", "paseo", "rue", "boulevard", "chemin", "rua", "travessa", "ulica",
        "ulicy", "ul", "aleja", "sokak", "sokagi", "cadde", "caddesi", "via", "piazza", "strasse", "weg",
    };
    return words.has(w);
}

}  // namespace lw::moderation::privacy

namespace lw::moderation::privacy {

void load_lexicons() {
    static const bool loaded = [] {
        const std::vector<Token> none;
        conditions(), care_places(), kinship_words(), honorifics_after(), address_phrases(), illness_wishes(),
            private_titles(), staff_titles_world(), thanks_world();
        phone_word_at(none, 0), public_service_word_at(none, 0), personal_word_at(none, 0), id_label_at(none, 0),
            dob_label_at(none, 0), my_patient_at(none, 0);
        is_born_word(""), is_room_word(""), is_foreign_street_word("");
        return true;
    }();
    (void)loaded;
}

}  // namespace lw::moderation::privacy
