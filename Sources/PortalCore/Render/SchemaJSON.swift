/// `data/schema.json`: the JSON Schema of a report record, generated from the same enums that write the
/// records, so the two cannot drift apart.
public enum SchemaJSON {
    public static func document() -> [UInt8] {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.field("$schema", "https://json-schema.org/draft/2020-12/schema")
        w.field("title", "政府信息公开工作年度报告 (portal report record)")
        w.field("type", "object")
        w.key("required")
        w.beginArray()
        for k in ["source", "agency", "year", "format", "applications", "reviewLitigation", "rawCells", "checks", "sections"] { w.string(k) }
        w.endArray()
        w.key("properties")
        w.beginObject()
        simple(&w, "source", "string", "Path of the source file, relative to the content folder")
        w.key("agency"); object(&w, ["name": "string", "slug": "string", "printedName": "string|null"])
        simple(&w, "year", "integer|null", "Year the report covers")
        w.key("format"); w.beginObject(); w.key("enum"); w.beginArray(); w.string("2021"); w.string("2019"); w.endArray(); w.endObject()
        w.key("form"); w.beginObject(); w.key("enum"); w.beginArray(); for f in SourceForm.allCases { w.string(f.rawValue) }; w.endArray(); w.endObject()
        simple(&w, "title", "string|null", "Title as printed")
        simple(&w, "publishedOn", "string|null", "Date printed in the report, yyyy-mm-dd")
        simple(&w, "proactiveItems", "number|null", "Total of proactively published items stated in the prose")
        w.key("activeDisclosure"); tree(&w, DisclosureItem.allCases.map(\.path), nullable: true)
        w.key("activeDisclosure2019"); tree(&w, Disclosure2019Item.allCases.map(\.path), nullable: true,
                                              extraStrings: ["procurement.amountUnit"])
        let rows2021 = ApplicationRow.rows(for: .v2021).flatMap { r in Applicant.allCases.map { "\(r.path).\($0.key)" } }
        let rows2019 = ApplicationRow.rows(for: .v2019).flatMap { r in Applicant.allCases.map { "\(r.path).\($0.key)" } }
        w.key("applications")
        w.beginObject()
        w.key("oneOf")
        w.beginArray()
        tree(&w, rows2021, nullable: false)
        tree(&w, rows2019, nullable: false)
        w.beginObject(); w.field("type", "null"); w.endObject()
        w.endArray()
        w.endObject()
        w.key("reviewLitigation")
        tree(&w, ReviewGroup.allCases.flatMap { g in ReviewOutcome.allCases.map { "\(g.key).\($0.key)" } }, nullable: true)
        w.key("derived")
        w.beginObject()
        w.field("type", "object")
        w.field("description", "Rates computed from the tables, each with its n; rated is false when n < 30")
        w.key("properties")
        w.beginObject()
        for k in ["grantedRate", "disclosedRate", "reviewCorrectionRate"] {
            w.key(k)
            object(&w, ["numerator": "number", "n": "number", "value": "number", "rated": "boolean"])
        }
        w.endObject()
        w.endObject()
        w.key("rawCells")
        w.beginObject(); w.field("type", "object"); w.key("additionalProperties"); w.beginObject(); w.field("type", "string"); w.endObject(); w.endObject()
        w.key("checks")
        w.beginObject()
        w.field("type", "array")
        w.key("items")
        object(&w, ["rule": "string", "severity": "string", "cells": "array", "expected": "number|null", "found": "number|null",
                    "message": "string", "line": "integer|null", "suspect": "string|null", "related": "string|null"])
        w.endObject()
        w.key("sections")
        object(&w, Dictionary(uniqueKeysWithValues: (["preamble"] + SectionKey.allCases.map(\.rawValue)).map { ($0, "string|null") }))
        w.key("tables")
        object(&w, ["activeDisclosure": "integer|null", "applications": "integer|null", "reviewLitigation": "integer|null"])
        w.key("diagnostics")
        w.beginObject(); w.field("type", "array"); w.endObject()
        w.endObject()
        w.endObject()
        w.bytes.append(0x0A)
        return w.bytes
    }

    private static func typeValue(_ w: inout JSONWriter, _ type: String) {
        let parts = type.split(separator: "|").map(String.init)
        w.key("type")
        if parts.count == 1 { w.string(parts[0]) } else { w.beginArray(); for p in parts { w.string(p) }; w.endArray() }
    }

    private static func simple(_ w: inout JSONWriter, _ key: String, _ type: String, _ description: String) {
        w.key(key); w.beginObject(); typeValue(&w, type); w.field("description", description); w.endObject()
    }

    private static func object(_ w: inout JSONWriter, _ properties: [String: String]) {
        w.beginObject()
        w.field("type", "object")
        w.key("properties")
        w.beginObject()
        for (k, t) in properties.sorted(by: { $0.key < $1.key }) { w.key(k); w.beginObject(); typeValue(&w, t); w.endObject() }
        w.endObject()
        w.endObject()
    }

    /// A nested object schema from dotted paths; every leaf is a number or null (blank).
    private static func tree(_ w: inout JSONWriter, _ paths: [String], nullable: Bool, extraStrings: [String] = []) {
        struct Node { var children: [(String, Node)] = []; var leaf: String? }
        func insert(_ node: inout Node, _ parts: ArraySlice<Substring>, _ type: String) {
            guard let head = parts.first else { node.leaf = type; return }
            if let i = node.children.firstIndex(where: { $0.0 == head }) {
                insert(&node.children[i].1, parts.dropFirst(), type)
            } else {
                var child = Node()
                insert(&child, parts.dropFirst(), type)
                node.children.append((String(head), child))
            }
        }
        var root = Node()
        for p in paths { insert(&root, p.split(separator: ".")[...], "number|null") }
        for p in extraStrings { insert(&root, p.split(separator: ".")[...], "string|null") }
        func emit(_ node: Node, nullable: Bool) {
            w.beginObject()
            if let leaf = node.leaf { typeValue(&w, leaf); w.endObject(); return }
            typeValue(&w, nullable ? "object|null" : "object")
            w.key("required"); w.beginArray(); for (k, _) in node.children { w.string(k) }; w.endArray()
            w.key("properties")
            w.beginObject()
            for (k, child) in node.children { w.key(k); emit(child, nullable: false) }
            w.endObject()
            w.endObject()
        }
        emit(root, nullable: nullable)
    }
}
