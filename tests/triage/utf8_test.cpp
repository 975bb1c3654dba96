#include <triage/textutil.h>
#include <triage/utf8.h>

#include <QTest>

#include <string>

using namespace cosmicdesk::triage;

class Utf8Test : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fold_asciiIsLoweredAndControlsBecomeSpaces()
    {
        QCOMPARE(utf8::fold("Order #88120 ABC-xyz_9"), std::string("order #88120 abc-xyz_9"));
        QCOMPARE(utf8::fold(std::string_view("a\tb\nc\0d", 7)), std::string("a b c d"));
        QCOMPARE(asciiLower("ÉCOLE Abc"), std::string("École abc")); // ASCII only: UTF-8 bytes untouched
    }
    void fold_vietnameseLosesTonesAndHorns()
    {
        QCOMPARE(utf8::fold("Trường"), std::string("truong"));
        QCOMPARE(utf8::fold("TRƯỜNG Đại Học Quốc Gia"), std::string("truong dai hoc quoc gia"));
        QCOMPARE(utf8::fold("Nguyễn Thị Ánh"), std::string("nguyen thi anh"));
    }
    void fold_latinExtendedB()
    {
        QCOMPARE(utf8::fold("ǅemal Ǆ ǉubav"), std::string("dzemal dz ljubav"));      // digraphs decompose
        QCOMPARE(utf8::fold("Ǎ ǎ Ǐ ǐ Ǒ ǒ Ǔ ǔ Ǘ"), std::string("a a i i o o u u u")); // carons
        QCOMPARE(utf8::fold("Ș ș Ț ț"), std::string("s s t t"));                     // comma below (Romanian)
        QCOMPARE(utf8::fold("ƀ Ɓ ƒ Ƙ Ɨ Ƶ Ə"), std::string("b b f k i z e"));         // strokes and hooks
    }
    void fold_lettersWithoutDecomposition()
    {
        QCOMPARE(utf8::fold("Søren Łódź Đorđe Þór Æsir Œuvre ıI"), std::string("soren lodz dorde thor aesir oeuvre ii"));
        QCOMPARE(utf8::fold("Ǿ ŀ Ŀ ŉ"), std::string("o l l n"));
    }
    void fold_germanSharpS() { QCOMPARE(utf8::fold("Straße STRASSE ẞ"), std::string("strasse strasse ss")); }
    void fold_greek()
    {
        QCOMPARE(utf8::fold("ΣΟΦΊΑ σοφία Άρης ς"), std::string("σοφια σοφια αρησ σ")); // final sigma is sigma
    }
    void fold_cyrillic() { QCOMPARE(utf8::fold("МОСКВА Ёлка Її"), std::string("москва елка іі")); }
    void fold_fullwidthAndLigatures()
    {
        QCOMPARE(utf8::fold("ＡＢＣ１２３ ｆｕｌｌ"), std::string("abc123 full"));
        QCOMPARE(utf8::fold("ﬁle ﬂow"), std::string("file flow"));
    }
    void fold_combiningSequencesMatchPrecomposed()
    {
        // "é" as e + U+0301, "ờ" as o + U+031B + U+0300: the same fold as the precomposed letters.
        QCOMPARE(utf8::fold("Cafe\xCC\x81"), utf8::fold("Café"));
        QCOMPARE(utf8::fold("Tru\xCC\x9Bo\xCC\x9B\xCC\x80ng"), std::string("truong"));
        std::string perCodePoint;
        for (char32_t cp : {U'e', U'\u0301', U'\u00C9'})
            utf8::appendFolded(perCodePoint, cp);
        QCOMPARE(perCodePoint, std::string("ee"));
    }
    void fold_invalidBytesBecomeReplacementCharacters()
    {
        QCOMPARE(utf8::fold("a\xFF"
                            "b"),
                 std::string("a\xEF\xBF\xBD"
                             "b"));
    }
    void letterClasses_anyScript()
    {
        QVERIFY(utf8::isUpper(U'Ư') && utf8::isUpper(U'Σ') && utf8::isUpper(U'Ж') && !utf8::isUpper(U'ư'));
        QVERIFY(utf8::isLetter(U'ư') && utf8::isLetter(U'中') && !utf8::isLetter(U'\u0301') && !utf8::isLetter(U'1'));
    }
};

QTEST_APPLESS_MAIN(Utf8Test)
#include "utf8_test.moc"
