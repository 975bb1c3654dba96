#pragma once

#include <QString>

#include <string_view>

// How much of a synced field the workspace keeps. A ticket body of hundreds of megabytes is no
// message anyone reads in CosmicDesk, but it costs memory, disk and a frozen window: what is longer
// is cut (at a character boundary) and the ticket marked truncated, with the whole text one click
// away in Zendesk. docs/connectors.md lists the limits.
namespace cosmicdesk::models::textlimits {

inline constexpr std::size_t kBodyBytes = 256 * 1024; // a description, a comment body (UTF-8)
inline constexpr std::size_t kLineBytes = 1024;       // a subject, a name, an e-mail, a plan: one-line fields
inline constexpr std::size_t kMaxTags = 200;          // tags of one ticket (each a one-line field)

// UTF-8 text as a QString of at most maxBytes of it, cut before a character that would not fit;
// `cut` is set when something was left out (and left alone otherwise).
QString capped(std::string_view utf8, std::size_t maxBytes, bool &cut);

} // namespace cosmicdesk::models::textlimits
