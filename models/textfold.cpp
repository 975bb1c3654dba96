#include "textfold.h"

namespace cosmicdesk::models {

void appendFolded(std::string &out, const QString &text)
{
    const QChar *p = text.constData();
    const qsizetype n = text.size();
    bool ascii = true;
    for (qsizetype i = 0; i < n; ++i) {
        if (p[i].unicode() >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        out.reserve(out.size() + static_cast<std::size_t>(n));
        for (qsizetype i = 0; i < n; ++i) {
            char c = static_cast<char>(p[i].unicode());
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c + ('a' - 'A'));
            else if (static_cast<unsigned char>(c) < 0x20)
                c = ' ';
            out.push_back(c);
        }
        return;
    }
    // Decompose so accents become separate marks, drop the marks, then case-fold.
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString kept;
    kept.reserve(decomposed.size());
    for (QChar c : decomposed) {
        const auto cat = c.category();
        if (cat == QChar::Mark_NonSpacing || cat == QChar::Mark_Enclosing || cat == QChar::Mark_SpacingCombining)
            continue;
        kept.append(c.unicode() < 0x20 ? QChar(u' ') : c);
    }
    const QByteArray utf8 = kept.toCaseFolded().toUtf8();
    out.append(utf8.constData(), static_cast<std::size_t>(utf8.size()));
}

std::string foldText(const QString &text)
{
    std::string out;
    appendFolded(out, text);
    return out;
}

} // namespace cosmicdesk::models
