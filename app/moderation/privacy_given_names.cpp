// Given names and surnames the privacy guard recognises even in lower case
// ("prayers for grandpa joe walsh"). Version 1 (2026-12): a short list, written
// out by us, of names that rank high in public-domain frequency tables (the US
// Social Security Administration's baby-name counts and the US Census 2010
// surname counts, both works of the US government) together with names
// common among the communities whose languages the wall serves (Hispanic,
// French, Portuguese, German, Polish, Turkish, Arabic, South Asian, Chinese,
// West African, Irish). No table is copied: a few hundred frequent names are
// enough to tell "jack" the boy from a word. The list is about 9 KB of text.
#include "moderation/privacy_names_list.h"

#include <string>
#include <unordered_set>

namespace lw::moderation::privacy {
namespace {

using Names = std::unordered_set<std::string_view>;

const Names& given_names() {
    static const Names names = {
        // English-speaking (SSA frequent names, several decades)
        "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles",
        "christopher", "daniel", "matthew", "anthony", "donald", "steven", "paul", "andrew", "joshua", "kenneth",
        "kevin", "brian", "george", "edward", "ronald", "timothy", "jason", "jeffrey", "ryan", "jacob", "gary",
        "nicholas", "eric", "jonathan", "stephen", "larry", "justin", "scott", "brandon", "benjamin", "samuel",
        "gregory", "frank", "alexander", "raymond", "patrick", "jack", "dennis", "jerry", "tyler", "aaron",
        "jose", "adam", "henry", "nathan", "douglas", "zachary", "peter", "kyle", "walter", "ethan", "jeremy",
        "harold", "keith", "christian", "roger", "noah", "gerald", "carl", "terry", "sean", "austin", "arthur",
        "lawrence", "jesse", "dylan", "bryan", "joe", "jordan", "billy", "bruce", "albert", "willie", "gabriel",
        "logan", "alan", "juan", "wayne", "roy", "ralph", "randy", "eugene", "vincent", "russell", "elijah",
        "louis", "bobby", "philip", "johnny", "liam", "oliver", "lucas", "mason", "logan", "harry", "oscar",
        "charlie", "leo", "alfie", "freddie", "archie", "theo", "finley", "finn", "jake", "connor", "callum",
        "kieran", "declan", "rory", "ted", "teddy", "reggie", "ronnie", "tommy", "danny", "mikey", "ollie",
        "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen",
        "nancy", "lisa", "betty", "margaret", "sandra", "ashley", "kimberly", "emily", "donna", "michelle",
        "dorothy", "carol", "amanda", "melissa", "deborah", "stephanie", "rebecca", "sharon", "laura", "cynthia",
        "kathleen", "amy", "shirley", "angela", "helen", "anna", "brenda", "pamela", "nicole", "emma",
        "samantha", "katherine", "christine", "debra", "rachel", "catherine", "carolyn", "janet", "ruth",
        "maria", "heather", "diane", "virginia", "julie", "joyce", "victoria", "olivia", "kelly", "christina",
        "lauren", "joan", "evelyn", "judith", "megan", "cheryl", "andrea", "hannah", "martha", "jacqueline",
        "frances", "gloria", "ann", "teresa", "kathryn", "sara", "janice", "jean", "alice", "madison", "doris",
        "abigail", "julia", "judy", "sophia", "isabella", "ava", "mia", "charlotte", "amelia", "harper",
        "chloe", "ella", "lily", "grace", "sophie", "poppy", "isla", "freya", "evie", "ellie", "maisie",
        "rosie", "millie", "molly", "lucy", "jessie", "kate", "katie", "jade", "gemma", "kayla", "imogen",
        "elsie", "peggy", "dot", "ivy", "mabel", "winnie", "flo", "betsy", "maud", "nora",
        // Irish, Scottish, Welsh
        "niamh", "aoife", "ciara", "sinead", "orla", "eoin", "cian", "seamus", "padraig", "cerys",
        "rhys", "dafydd", "hamish", "fiona", "morag",
        // Hispanic and Portuguese
        "jose", "juan", "luis", "carlos", "jorge", "miguel", "pedro", "javier", "diego", "alejandro", "pablo",
        "sergio", "andres", "fernando", "ricardo", "raul", "ramon", "manuel", "antonio", "francisco", "rafael",
        "mateo", "santiago", "nicolas", "tiago", "joao", "rui", "paulo", "carmen", "rosa", "lucia", "valentina",
        "sofia", "camila", "isabel", "pilar", "dolores", "lupe", "guadalupe", "ana", "beatriz", "leonor",
        "joana", "marta", "ines", "daniela", "gabriela", "fernanda", "adriana", "rosario", "teresa", "consuelo",
        // French
        "jean", "pierre", "jacques", "michel", "philippe", "alain", "bernard", "nicolas", "olivier", "antoine",
        "thomas", "hugo", "louis", "jules", "leo", "lucas", "marie", "nathalie", "isabelle", "sylvie",
        "catherine", "christine", "amelie", "chloe", "camille", "manon", "odette", "simone", "jeanne", "celine",
        // German
        "hans", "klaus", "jurgen", "wolfgang", "dieter", "heinrich", "werner", "rainer", "felix", "jonas",
        "lukas", "maximilian", "paul", "ursula", "monika", "gertrud", "ingrid", "petra", "sabine", "birgit",
        "heike", "anja", "lena", "leonie",
        // Polish
        "piotr", "krzysztof", "andrzej", "tomasz", "pawel", "marek", "michal", "jakub", "kuba", "zbigniew",
        "stanislaw", "jan", "anna", "katarzyna", "malgorzata", "agnieszka", "krystyna", "barbara", "ewa",
        "zofia", "zosia", "halina", "irena", "basia",
        // Turkish
        "mehmet", "mustafa", "ahmet", "ali", "huseyin", "hasan", "ibrahim", "emre", "murat", "kerem", "can",
        "fatma", "ayse", "emine", "hatice", "zeynep", "elif", "merve",
        // Arabic, Urdu, Persian
        "mohammed", "muhammad", "mohamed", "ahmed", "ahmad", "ali", "omar", "umar", "hassan", "hussein",
        "hussain", "yusuf", "youssef", "ibrahim", "khalid", "mahmoud", "tariq", "bilal", "hamza", "imran",
        "amir", "samir", "karim", "rashid", "abdul", "abdullah", "fatima", "aisha", "ayesha", "maryam",
        "mariam", "zainab", "khadija", "layla", "leila", "noor", "nour", "amina", "yasmin", "farah", "sana",
        "nadia", "zara", "shazia", "nasreen",
        // South Asian
        "raj", "rahul", "ravi", "amit", "sanjay", "vijay", "arjun", "rohan", "aarav", "dev", "anil", "sunil",
        "ramesh", "rajesh", "vinod", "priya", "pooja", "anjali", "sunita", "kamala", "sushila",
        "ananya", "divya", "neha", "kavya", "gurpreet", "harpreet", "simran",
        // Chinese (pinyin)
        "wei", "fang", "min", "jing", "li", "ming", "hui", "xiu", "yan", "lei", "jun", "hao", "mei", "ling",
        // West African and Caribbean
        "kofi", "kojo", "ama", "akua", "abena", "adwoa", "chinedu", "emeka", "ngozi", "chioma",
        "tunde", "bola", "ade", "ayodele", "olu", "adaeze", "precious", "blessing",
        "winston", "malik", "imani", "aaliyah", "shanice", "keisha",
    };
    return names;
}

// Given names that are also everyday English words: only counted as names
// when capitalised or marked by a kinship word ("nana june").
const Names& ambiguous_names() {
    static const Names names = {
        "will", "mark", "grace", "hope", "joy", "rose", "may", "june", "april", "bill", "pat", "sue", "faith",
        "amber", "ruby", "jack", "frank", "art", "dawn", "summer", "rich", "guy", "ray", "sky", "iris", "lily",
        "daisy", "holly", "ivy", "max", "miles", "carol", "chase", "hunter", "dot", "can", "min", "jun",
        "ann", "jean", "precious", "blessing", "ade", "dev", "ali", "li", "hui", "lei", "hao", "jan", "flo",
        "maud", "ted", "teddy", "poppy", "reggie", "amy", "kate", "jade", "olu", "ama", "noor", "mei",
    };
    return names;
}

const Names& surnames() {
    static const Names names = {
        // US Census 2010 frequent surnames
        "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez",
        "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin",
        "lee", "perez", "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson",
        "walker", "young", "allen", "king", "wright", "scott", "torres", "nguyen", "hill", "flores", "green",
        "adams", "nelson", "baker", "hall", "rivera", "campbell", "mitchell", "carter", "roberts", "gomez",
        "phillips", "evans", "turner", "diaz", "parker", "cruz", "edwards", "collins", "reyes", "stewart",
        "morris", "morales", "murphy", "cook", "rogers", "gutierrez", "ortiz", "morgan", "cooper", "peterson",
        "bailey", "reed", "kelly", "howard", "ramos", "kim", "cox", "ward", "richardson", "watson", "brooks",
        "chavez", "wood", "james", "bennett", "gray", "mendoza", "ruiz", "hughes", "price", "alvarez", "castillo",
        "sanders", "patel", "myers", "long", "ross", "foster", "jimenez", "walsh", "murray", "kennedy", "byrne",
        "ryan", "obrien", "o'brien", "o'connor", "o'neill", "doyle", "mccarthy", "quinn",
        // UK and elsewhere
        "patel", "khan", "singh", "kaur", "ahmed", "ali", "hussain", "shah", "begum", "rahman", "chowdhury",
        "sharma", "kumar", "gupta", "chen", "wang", "zhang", "liu", "yang", "huang", "zhao", "wu", "zhou",
        "xu", "sun", "ma", "zhu", "hu", "lin", "wong", "ng", "chan", "li", "kowalski", "kowalska", "nowak",
        "wisniewski", "wojcik", "kaminski", "yilmaz", "kaya", "demir", "sahin", "celik", "muller", "schmidt",
        "schneider", "fischer", "weber", "meyer", "wagner", "becker", "schulz", "hoffmann", "dubois", "durand",
        "leroy", "moreau", "lefebvre", "bernard", "petit", "silva", "santos", "oliveira", "souza", "costa",
        "ferreira", "pereira", "rossi", "russo", "ferrari", "okafor", "okoro", "owusu", "boateng",
        "balogun", "haddad", "hassan", "hosseini",
    };
    return names;
}

}  // namespace

bool is_given_name(std::string_view folded) {
    return given_names().count(folded) != 0 || ambiguous_names().count(folded) != 0;
}
bool is_plain_given_name(std::string_view folded) {
    return is_given_name(folded) && ambiguous_names().count(folded) == 0;
}
bool is_surname(std::string_view folded) { return surnames().count(folded) != 0; }

}  // namespace lw::moderation::privacy
