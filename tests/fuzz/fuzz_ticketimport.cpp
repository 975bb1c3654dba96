// libFuzzer target: the Zendesk JSON and NDJSON importers must take any bytes and end with tickets
// or a message, never crash, loop or invent more tickets than the input could hold.
#include <models/ticketimporter.h>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    using Format = cosmicdesk::models::TicketImporter::Format;
    // The first byte picks the reader, so one corpus feeds both.
    const Format format = data[0] % 3 == 0 ? Format::ZendeskJson : data[0] % 3 == 1 ? Format::Ndjson : Format::Auto;
    const std::string text(reinterpret_cast<const char *>(data) + 1, size - 1);
    auto r = cosmicdesk::models::TicketImporter::importText(text, format, QStringLiteral("fuzz"));
    if (!r.ok()) {
        if (r.error().message.isEmpty())
            std::abort(); // a refusal must say why
        return 0;
    }
    if (r.value().tickets.size() > text.size() / 2 + 1)
        std::abort(); // a ticket takes at least a couple of bytes: more out than came in
    return 0;
}
