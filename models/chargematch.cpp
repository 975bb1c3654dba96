#include "chargematch.h"

#include <QRegularExpression>

#include <algorithm>
#include <cstdlib>
#include <tuple>

namespace cosmicdesk::models {

std::vector<qint64> amountsIn(const QString &text)
{
    // A currency sign or code before or after a number with two decimals (either separator).
    static const QRegularExpression money(QStringLiteral(
        "(?:(?:S\\$|US\\$|\\$|€|£|SGD|USD|EUR|GBP|MYR|RM)\\s?(\\d{1,3}(?:[.,\\s]\\d{3})*(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?))"
        "|(?:(\\d{1,3}(?:[.,\\s]\\d{3})*[.,]\\d{2}|\\d+[.,]\\d{2})\\s?(?:€|SGD|USD|EUR|GBP|MYR))"));
    std::vector<qint64> out;
    auto it = money.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        QString n = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
        n.remove(u' ');
        // The last separator followed by one or two digits is the decimal one.
        const qsizetype dec = std::max(n.lastIndexOf(u'.'), n.lastIndexOf(u','));
        qint64 cents = 0;
        if (dec >= 0 && n.size() - dec - 1 <= 2) {
            QString whole = n.left(dec);
            whole.remove(u'.');
            whole.remove(u',');
            QString frac = n.mid(dec + 1);
            if (frac.size() == 1)
                frac += u'0';
            cents = whole.toLongLong() * 100 + frac.toLongLong();
        } else {
            n.remove(u'.');
            n.remove(u',');
            cents = n.toLongLong() * 100;
        }
        if (cents > 0)
            out.push_back(cents);
    }
    return out;
}

bool isAboutADisputedCharge(const QString &category, const QString &text)
{
    static const QRegularExpression words(QStringLiteral("\\b(dispute|chargeback|charged twice|double charge|unauthori[sz]ed charge)"),
                                          QRegularExpression::CaseInsensitiveOption);
    return category == u"charge_dispute" || text.contains(words);
}

std::optional<std::size_t> chargeTheTicketIsAbout(const std::vector<Charge> &charges, const std::vector<qint64> &amounts,
                                                  qint64 ticketCreated)
{
    if (charges.empty())
        return std::nullopt;
    auto score = [&](const Charge &c) {
        const bool amount = std::find(amounts.begin(), amounts.end(), c.amount) != amounts.end();
        const qint64 distance = ticketCreated > 0 ? std::llabs(ticketCreated - c.created) : 0;
        return std::make_tuple(amount ? 0 : 1, c.disputed || !c.disputes.empty() ? 0 : 1, distance);
    };
    const auto best = std::min_element(charges.begin(), charges.end(), [&](const auto &a, const auto &b) { return score(a) < score(b); });
    if (std::get<0>(score(*best)) == 1 && std::get<1>(score(*best)) == 1)
        return std::nullopt;
    return static_cast<std::size_t>(best - charges.begin());
}

} // namespace cosmicdesk::models
