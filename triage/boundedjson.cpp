#include "boundedjson.h"

namespace cosmicdesk::triage {

namespace {

std::string megabytes(std::size_t bytes)
{
    const std::size_t mb = (bytes + (std::size_t(1) << 20) - 1) >> 20;
    return std::to_string(mb) + " MB";
}

// Counts nesting and stops the parser at the first level too deep; builds nothing.
class DepthCheck final : public nlohmann::json_sax<nlohmann::json>
{
public:
    bool tooDeep = false;
    std::string syntaxError;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t &) override { return true; }
    bool string(string_t &) override { return true; }
    bool binary(binary_t &) override { return true; }
    bool start_object(std::size_t) override { return enter(); }
    bool key(string_t &) override { return true; }
    bool end_object() override { return leave(); }
    bool start_array(std::size_t) override { return enter(); }
    bool end_array() override { return leave(); }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &e) override
    {
        syntaxError = e.what();
        return false;
    }

private:
    bool enter()
    {
        if (++m_depth > kMaxNesting) {
            tooDeep = true;
            return false;
        }
        return true;
    }
    bool leave()
    {
        --m_depth;
        return true;
    }
    int m_depth = 0;
};

} // namespace

std::optional<nlohmann::json> parseBounded(std::string_view bytes, DocumentFormat format, std::size_t maxBytes, std::string &error)
{
    if (bytes.size() > maxBytes) {
        error = "is " + megabytes(bytes.size()) + ", larger than the " + megabytes(maxBytes) + " allowed";
        return std::nullopt;
    }
    const auto input = format == DocumentFormat::Json ? nlohmann::json::input_format_t::json : nlohmann::json::input_format_t::cbor;
    DepthCheck check;
    bool ok = false;
    try {
        ok = nlohmann::json::sax_parse(bytes.begin(), bytes.end(), &check, input, true);
    } catch (const nlohmann::json::exception &e) {
        check.syntaxError = e.what();
    }
    if (check.tooDeep) {
        error = "nests deeper than " + std::to_string(kMaxNesting) + " levels";
        return std::nullopt;
    }
    if (!ok) {
        error = format == DocumentFormat::Json ? "is not valid JSON" : "is not valid CBOR";
        return std::nullopt;
    }
    nlohmann::json j = format == DocumentFormat::Json ? nlohmann::json::parse(bytes, nullptr, false)
                                                      : nlohmann::json::from_cbor(bytes.begin(), bytes.end(), true, false);
    if (j.is_discarded()) {
        error = format == DocumentFormat::Json ? "is not valid JSON" : "is not valid CBOR";
        return std::nullopt;
    }
    return j;
}

} // namespace cosmicdesk::triage
