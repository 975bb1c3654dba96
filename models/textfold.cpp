#include "textfold.h"

#include <triage/utf8.h>

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
        // The common case folds from the UTF-16 directly, without a UTF-8 copy.
        out.reserve(out.size() + static_cast<std::size_t>(n));
        for (qsizetype i = 0; i < n; ++i)
            out.push_back(triage::utf8::foldAscii(static_cast<char>(p[i].unicode())));
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    triage::utf8::appendFolded(out, std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
}

std::string foldText(const QString &text)
{
    std::string out;
    appendFolded(out, text);
    return out;
}

} // namespace cosmicdesk::models
