#pragma once

#include <nlohmann/json.hpp>

#include <QString>

// Tolerant readers for vendor JSON: a missing key, null or another type gives the empty value.
namespace cosmicdesk::models::jsonread {

inline QString text(const nlohmann::json &j, const char *key)
{
    if (!j.is_object())
        return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get_ref<const std::string &>()) : QString();
}

inline qint64 integer(const nlohmann::json &j, const char *key)
{
    if (!j.is_object())
        return 0;
    const auto it = j.find(key);
    if (it == j.end())
        return 0;
    if (it->is_number_integer())
        return it->get<qint64>();
    if (it->is_number_float())
        return static_cast<qint64>(it->get<double>());
    if (it->is_string())
        return QString::fromStdString(it->get<std::string>()).toLongLong();
    return 0;
}

inline bool flag(const nlohmann::json &j, const char *key)
{
    if (!j.is_object())
        return false;
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

inline const nlohmann::json &object(const nlohmann::json &j, const char *key)
{
    static const nlohmann::json empty = nlohmann::json::object();
    if (!j.is_object())
        return empty;
    const auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : empty;
}

inline const nlohmann::json &array(const nlohmann::json &j, const char *key)
{
    static const nlohmann::json empty = nlohmann::json::array();
    if (!j.is_object())
        return empty;
    const auto it = j.find(key);
    return it != j.end() && it->is_array() ? *it : empty;
}

} // namespace cosmicdesk::models::jsonread
