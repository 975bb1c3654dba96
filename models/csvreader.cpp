#include "csvreader.h"

namespace cosmicdesk::models {

CsvReader::CsvReader(std::string_view text, std::size_t maxFieldBytes, std::size_t maxColumns)
    : m_text(text), m_maxField(maxFieldBytes), m_maxColumns(maxColumns)
{
    if (m_text.substr(0, 3) == "\xEF\xBB\xBF")
        m_pos = 3;
}

bool CsvReader::next(std::vector<std::string> &row)
{
    row.clear();
    if (!m_error.empty())
        return false;
    // Skip blank lines between records.
    while (m_pos < m_text.size() && (m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) {
        if (m_text[m_pos] == '\n')
            ++m_nextLine;
        ++m_pos;
    }
    if (m_pos >= m_text.size())
        return false;
    m_line = m_nextLine;
    std::string field;
    bool quoted = false;
    bool fieldStarted = false;
    auto fail = [&](const std::string &why) {
        m_error = why + " (line " + std::to_string(m_line) + ")";
        row.clear();
        return false;
    };
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (quoted) {
            if (c == '"') {
                if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '"') {
                    field.push_back('"');
                    m_pos += 2;
                    continue;
                }
                quoted = false;
                ++m_pos;
                continue;
            }
            if (c == '\n')
                ++m_nextLine;
            field.push_back(c);
            ++m_pos;
        } else if (c == '"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
            ++m_pos;
            continue;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            fieldStarted = false;
            ++m_pos;
            if (row.size() >= m_maxColumns)
                return fail("more than " + std::to_string(m_maxColumns) + " columns in a row");
            continue;
        } else if (c == '\n' || c == '\r') {
            ++m_pos;
            if (c == '\r' && m_pos < m_text.size() && m_text[m_pos] == '\n')
                ++m_pos;
            ++m_nextLine;
            break;
        } else {
            // A quote inside an unquoted field is kept as written (lenient, as spreadsheets write).
            field.push_back(c);
            fieldStarted = true;
            ++m_pos;
        }
        if (field.size() > m_maxField)
            return fail("a field is larger than " + std::to_string(m_maxField >> 20) + " MB");
    }
    if (quoted)
        return fail("a quoted field is not closed");
    row.push_back(std::move(field));
    return true;
}

} // namespace cosmicdesk::models
