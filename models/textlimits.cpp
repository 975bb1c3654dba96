#include "textlimits.h"

namespace cosmicdesk::models::textlimits {

QString capped(std::string_view utf8, std::size_t maxBytes, bool &cut)
{
    if (utf8.size() <= maxBytes)
        return QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
    cut = true;
    std::size_t end = maxBytes;
    // Back off continuation bytes (10xxxxxx) so the last character is whole.
    while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80)
        --end;
    return QString::fromUtf8(utf8.data(), static_cast<qsizetype>(end));
}

} // namespace cosmicdesk::models::textlimits
