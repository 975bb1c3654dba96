#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cosmicdesk::models {

// RFC 4180 CSV over a complete text: quoted fields with "" escapes and embedded newlines, CRLF or
// LF, a UTF-8 byte-order mark skipped. Plain C++ with no Qt, so that the fuzzer builds it alone.
// Limits keep hostile input bounded: a field over maxFieldBytes or a row over maxColumns is an error.
class CsvReader
{
public:
    explicit CsvReader(std::string_view text, std::size_t maxFieldBytes = 8u << 20, std::size_t maxColumns = 512);

    // Reads the next record into `row`. Returns false at the end or on an error (see error()).
    bool next(std::vector<std::string> &row);
    const std::string &error() const { return m_error; }
    std::size_t line() const { return m_line; }    // 1-based line where the last record started
    std::size_t position() const { return m_pos; } // bytes read so far

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_line = 0;
    std::size_t m_nextLine = 1;
    std::size_t m_maxField;
    std::size_t m_maxColumns;
    std::string m_error;
};

} // namespace cosmicdesk::models
