#include "isotime.h"

#include <QDateTime>
#include <QRegularExpression>

#include <chrono>

namespace cosmicdesk::models {

namespace {

char16_t unit(QChar c)
{
    return c.unicode();
}
char16_t unit(char c)
{
    return char16_t(static_cast<unsigned char>(c));
}

template <typename Text> int digits(const Text &s, qsizetype at, int n)
{
    int v = 0;
    for (int i = 0; i < n; ++i) {
        const char16_t c = unit(s[std::size_t(at + i)]);
        if (c < u'0' || c > u'9')
            return -1;
        v = v * 10 + (c - u'0');
    }
    return v;
}

// YYYY-MM-DDTHH:MM:SSZ, the form every API here sends; -1 when it is not that.
template <typename Text> qint64 fastPath(const Text &s)
{
    auto at = [&](std::size_t i) { return unit(s[i]); };
    if (s.size() != 20 || at(4) != u'-' || at(7) != u'-' || at(10) != u'T' || at(13) != u':' || at(16) != u':' || at(19) != u'Z')
        return -1;
    const int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
    const int h = digits(s, 11, 2), mi = digits(s, 14, 2), se = digits(s, 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h >= 24 || mi < 0 || mi >= 60 || se < 0 || se >= 61)
        return -1;
    using namespace std::chrono;
    const year_month_day ymd{year(y), month(unsigned(mo)), day(unsigned(d))};
    if (!ymd.ok())
        return -1;
    return sys_days(ymd).time_since_epoch().count() * 86400LL + h * 3600 + mi * 60 + se;
}

} // namespace

qint64 parseIsoTime(std::string_view utf8)
{
    if (const qint64 fast = fastPath(utf8); fast >= 0)
        return fast;
    return parseIsoTime(QString::fromUtf8(utf8.data(), qsizetype(utf8.size())));
}

qint64 parseIsoTime(QStringView text)
{
    const QStringView s = text.trimmed();
    if (s.isEmpty())
        return 0;
    if (const qint64 fast = fastPath(s); fast >= 0)
        return fast;
    QString v = s.toString();
    if (v.size() > 10 && v[10] == u' ')
        v[10] = u'T';
    // "+0000" → "+00:00" for Qt's ISO parser.
    static const QRegularExpression offset(QStringLiteral("([+-]\\d\\d)(\\d\\d)$"));
    if (v.size() > 19)
        v.replace(offset, QStringLiteral("\\1:\\2"));
    QDateTime t = QDateTime::fromString(v, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(v, QStringLiteral("yyyy-MM-ddTHH:mm"));
    if (!t.isValid())
        t = v.size() == 10 ? QDateTime::fromString(v, QStringLiteral("yyyy-MM-dd")) : QDateTime();
    if (!t.isValid())
        return 0;
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    return t.toSecsSinceEpoch();
}

} // namespace cosmicdesk::models
