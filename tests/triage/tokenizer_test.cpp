#include <triage/tokenizer.h>
#include <triage/utf8.h>

#include <QTest>

#include <string>

using namespace cosmicdesk::triage;

namespace {

std::vector<std::string> texts(const TokenizedText &t)
{
    std::vector<std::string> out;
    for (const auto &tok : t.tokens)
        out.push_back(tok.text);
    return out;
}

const Token *find(const TokenizedText &t, TokenKind kind)
{
    for (const auto &tok : t.tokens)
        if (tok.kind == kind)
            return &tok;
    return nullptr;
}

const Token *findWord(const TokenizedText &t, std::string_view word)
{
    for (const auto &tok : t.tokens)
        if (tok.kind == TokenKind::Word && tok.text == word)
            return &tok;
    return nullptr;
}

// Every token's span lies inside the text, in order, and never splits a UTF-8 sequence.
bool spansAreSound(const TokenizedText &t, std::string_view text)
{
    std::uint32_t previousEnd = 0;
    for (const auto &tok : t.tokens) {
        if (tok.begin >= tok.end || tok.end > text.size() || tok.begin < previousEnd)
            return false;
        if (tok.begin < text.size() && (static_cast<unsigned char>(text[tok.begin]) & 0xC0) == 0x80)
            return false;
        previousEnd = tok.end;
    }
    return true;
}

} // namespace

class TokenizerTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void folding_lowersAndStripsAccentsBeyondAscii()
    {
        const auto t = Tokenizer::tokenize("CAFÉ Straße ÉLÈVE Œuvre ΣΟΦΙΑ ＡＢＣ");
        QCOMPARE(texts(t), (std::vector<std::string>{"cafe", "strasse", "eleve", "oeuvre", "σοφια", "abc"}));
        QVERIFY(t.tokens[0].allCaps);
        QVERIFY(!t.tokens[1].allCaps);
        QCOMPARE(utf8::fold("Ñandú GRÜN"), std::string("nandu grun"));
    }
    void folding_vietnameseAndCapitalsOfAnyScript()
    {
        const auto t = Tokenizer::tokenize("TRƯỜNG Trường ĐÀ NẴNG Ǆemal");
        QCOMPARE(texts(t), (std::vector<std::string>{"truong", "truong", "da", "nang", "dzemal"}));
        QVERIFY(t.tokens[0].allCaps);
        QVERIFY(!t.tokens[1].allCaps);
        QVERIFY(t.tokens[2].allCaps && t.tokens[3].allCaps);
    }

    void typedTokens_standForTheirKind()
    {
        const std::string text = "Order #88120 was charged $49.00 (ch_3MxQk2LkdIwHu7ix0snN0B15) twice, see "
                                 "https://shop.example.com/orders?id=5 or mail ops@shop.example.com. "
                                 "Tracking RR123456785SG, API answers 502 since v2.4.1";
        const auto t = Tokenizer::tokenize(text);
        QVERIFY(spansAreSound(t, text));
        const Token *order = find(t, TokenKind::OrderId);
        QVERIFY(order);
        QCOMPARE(text.substr(order->begin, order->end - order->begin), std::string("#88120"));
        QVERIFY(find(t, TokenKind::Money));
        const Token *payment = find(t, TokenKind::PaymentId);
        QVERIFY(payment);
        QCOMPARE(text.substr(payment->begin, 3), std::string("ch_"));
        QVERIFY(find(t, TokenKind::Url));
        QVERIFY(find(t, TokenKind::Email));
        const Token *tracking = find(t, TokenKind::TrackingId);
        QVERIFY(tracking);
        QCOMPARE(text.substr(tracking->begin, tracking->end - tracking->begin), std::string("RR123456785SG"));
        QVERIFY(find(t, TokenKind::HttpError));
        QVERIFY(find(t, TokenKind::Version));
        // The address's words do not leak in as words.
        QVERIFY(!findWord(t, "example"));
    }

    void orderNumbers_afterTheWordForOrder_inFourLanguages()
    {
        for (const char *text :
             {"order 104233 never arrived", "commande 104233 jamais reçue", "Bestellung 104233 fehlt", "pedido 104233 no llegó"}) {
            const auto t = Tokenizer::tokenize(text);
            QVERIFY2(find(t, TokenKind::OrderId), text);
        }
    }

    void negation_coversTheClause_andStopsAtItsEnd()
    {
        const auto t = Tokenizer::tokenize("We are not looking to upgrade right now. Please upgrade the other store.");
        const Token *first = nullptr;
        const Token *second = nullptr;
        for (const auto &tok : t.tokens)
            if (tok.text == "upgrade")
                (first ? second : first) = &tok;
        QVERIFY(first && second);
        QVERIFY(first->negated);
        QVERIFY(!second->negated);
        QVERIFY(findWord(Tokenizer::tokenize("Ce n'est pas urgent"), "urgent")->negated);
        QVERIFY(findWord(Tokenizer::tokenize("Das ist nicht dringend"), "dringend")->negated);
        QVERIFY(findWord(Tokenizer::tokenize("No es urgente"), "urgente")->negated);
        // A new clause ends it: "and I'm…", "et je…", but not a plain "and".
        QVERIFY(!findWord(Tokenizer::tokenize("The reset email doesn't arrive and I'm locked out"), "locked")->negated);
        QVERIFY(!findWord(Tokenizer::tokenize("Le mail n'arrive pas et je suis bloqué"), "bloque")->negated);
        QVERIFY(findWord(Tokenizer::tokenize("We will not upgrade and expand"), "expand")->negated);
    }

    void language_isGuessedFromFunctionWords()
    {
        QCOMPARE(Tokenizer::tokenize("Bonjour, je n'ai pas reçu ma commande et le suivi ne marche pas").language, Language::Fr);
        QCOMPARE(Tokenizer::tokenize("Hallo, ich habe meine Bestellung nicht erhalten und die Sendung ist weg").language, Language::De);
        QCOMPARE(Tokenizer::tokenize("Hola, no he recibido mi pedido y el seguimiento no funciona").language, Language::Es);
        QCOMPARE(Tokenizer::tokenize("Hello, I have not received my order and the tracking does not work").language, Language::En);
    }

    void emphasis_isCounted()
    {
        const auto t = Tokenizer::tokenize("WHY is this STILL broken?! Fix it now!!!");
        QCOMPARE(t.exclamations, 4);
        QCOMPARE(t.questions, 1);
        QCOMPARE(t.capsWords, 2);
        QCOMPARE(findWord(t, "broken")->punctAfter, '!');
    }

    void stopwords_areMarked()
    {
        const auto t = Tokenizer::tokenize("the refund and le remboursement");
        QVERIFY(findWord(t, "the")->stop);
        QVERIFY(findWord(t, "le")->stop);
        QVERIFY(!findWord(t, "refund")->stop);
    }

    // Robustness: anything at all is a valid input.
    void empty_givesNoTokens()
    {
        const auto t = Tokenizer::tokenize("");
        QVERIFY(t.tokens.empty());
        QCOMPARE(t.exclamations, 0);
    }

    void invalidUtf8_andNuls_actAsSpaces()
    {
        const std::string text = std::string("refund\xff\xfeplease") + '\0' + "now \xc3" + "\x28 \xed\xa0\x80 ok";
        const auto t = Tokenizer::tokenize(text);
        QVERIFY(spansAreSound(t, text));
        QVERIFY(findWord(t, "refund"));
        QVERIFY(findWord(t, "please"));
        QVERIFY(findWord(t, "now"));
        QVERIFY(findWord(t, "ok"));
        for (const auto &tok : t.tokens)
            QCOMPARE(utf8::sanitize(tok.text), tok.text); // folded text is always valid UTF-8
    }

    void tenThousandExclamationMarks_areCappedNotTokens()
    {
        const std::string text(10000, '!');
        const auto t = Tokenizer::tokenize(text);
        QVERIFY(t.tokens.empty());
        QCOMPARE(t.exclamations, 1000);
    }

    void longText_isAnalysedUpToTheLimit()
    {
        std::string text;
        while (text.size() < 5 * 1024 * 1024)
            text += "the checkout fails again für alle Kunden ";
        const auto t = Tokenizer::tokenize(text, 100000);
        QVERIFY(t.analysedBytes <= 100000);
        QVERIFY(t.analysedBytes > 90000);
        QVERIFY(!t.tokens.empty());
        QVERIFY(t.tokens.back().end <= 100000);
        QVERIFY(spansAreSound(t, text));
    }

    void limit_neverSplitsACharacter()
    {
        // "é" is two bytes: a limit in its middle must not cut it.
        const std::string text = "aaaa\xc3\xa9\xc3\xa9\xc3\xa9";
        for (std::size_t limit = 1; limit <= text.size(); ++limit) {
            const auto t = Tokenizer::tokenize(text, limit);
            QVERIFY(t.analysedBytes <= limit);
            QVERIFY(spansAreSound(t, text));
            for (const auto &tok : t.tokens)
                QCOMPARE(utf8::sanitize(tok.text), tok.text);
        }
    }
};

QTEST_APPLESS_MAIN(TokenizerTest)
#include "tokenizer_test.moc"
