import Foundation
import HarkCore
import HarkDeliver
import Testing

/// The `receivers:` and `templates:` sections: what parses, and errors with positions that never
/// show a secret.
@Suite("Receiver configuration")
struct ReceiverConfigTests {
    let yaml = ConfigBuilder()

    func receiver(_ entries: [(String, Any)], line: Int = 2) -> ConfigNode {
        yaml.mapping(entries, line: line)
    }

    @Test("every kind parses, with its settings")
    func allKinds() throws {
        let list = yaml.list([
            receiver(
                [
                    ("name", "product"),
                    (
                        "webhook",
                        [("url", "https://hooks.example.com/hark"), ("hmac_secret_env", "HOOK_KEY")] as [(String, Any)]
                    ), ("retry", [("initial", "10s"), ("expire", "2h")] as [(String, Any)]),
                ], line: 2),
            receiver(
                [
                    ("name", "frontline"),
                    ("slack", [("webhook_url_file", "/run/credentials/hark.service/slack")] as [(String, Any)]),
                    ("template", "front"),
                ], line: 6),
            receiver(
                [
                    ("name", "lead"),
                    (
                        "email",
                        [
                            ("url", "smtps://smtp.example.com"), ("from", "hark <hark@example.com>"),
                            ("to", ["lead@example.com"]), ("username", "hark"), ("password_env", "SMTP_PASSWORD"),
                        ] as [(String, Any)]
                    ),
                ], line: 10),
            receiver(
                [
                    ("name", "pager"),
                    (
                        "exec",
                        [("command", ["scripts/page", "--team", "payments"]), ("timeout", "5s")] as [(String, Any)]
                    ),
                ], line: 14),
            receiver([("name", "audit"), ("file", [("path", "audit.jsonl")] as [(String, Any)])], line: 18),
            receiver([("name", "console"), ("stdout", [] as [(String, Any)])], line: 22),
        ])
        let (receivers, errors) = ReceiverConfig.parseList(list)
        #expect(errors.isEmpty, "\(errors)")
        #expect(receivers.map(\.name) == ["product", "frontline", "lead", "pager", "audit", "console"])
        #expect(receivers.map(\.kind.name) == ["webhook", "slack", "email", "exec", "file", "stdout"])
        #expect(receivers[0].retry.initialDelay == .seconds(10))
        #expect(receivers[0].retry.expireAfter == .seconds(7200))
        #expect(receivers[1].template == "front")
        guard case .email(let email) = receivers[2].kind else { return }
        #expect(email.from == "hark@example.com")
        #expect(email.fromName == "hark")
        #expect(email.to == ["lead@example.com"])
    }

    @Test("an unknown key is reported at its position with a suggestion")
    func unknownKey() {
        let list = yaml.list([
            receiver(
                [
                    ("name", "product"),
                    ("webhook", [("url", "https://hooks.example.com/x"), ("timout", "5s")] as [(String, Any)]),
                ], line: 3)
        ])
        let (_, errors) = ReceiverConfig.parseList(list)
        let error = errors.first
        #expect(error?.description.hasPrefix("rules/receivers.yaml:5:") == true, "\(errors)")
        #expect(error?.message.contains("did you mean 'timeout'?") == true, "\(errors)")
    }

    @Test("a misspelled kind suggests the real one; two kinds and no kind are errors")
    func kinds() {
        let (_, misspelled) = ReceiverConfig.parseList(
            yaml.list([receiver([("name", "a"), ("slak", [("webhook_url_env", "X")] as [(String, Any)])])]))
        #expect(misspelled.first?.message.contains("did you mean 'slack'?") == true, "\(misspelled)")
        let (_, both) = ReceiverConfig.parseList(
            yaml.list([
                receiver([
                    ("name", "a"), ("stdout", [] as [(String, Any)]), ("file", [("path", "x")] as [(String, Any)]),
                ])
            ]))
        #expect(both.first?.message.contains("has both stdout and file") == true, "\(both)")
        #expect(both.first?.position.line == 4)
        let (_, none) = ReceiverConfig.parseList(yaml.list([receiver([("name", "a")])]))
        #expect(none.first?.message.contains("needs one of webhook") == true, "\(none)")
    }

    @Test("a name defined twice names both places")
    func duplicate() {
        let list = yaml.list([
            receiver([("name", "a"), ("stdout", [] as [(String, Any)])], line: 2),
            receiver([("name", "a"), ("stdout", [] as [(String, Any)])], line: 5),
        ])
        let (receivers, errors) = ReceiverConfig.parseList(list)
        #expect(receivers.count == 1)
        #expect(
            errors.first?.description
                == "rules/receivers.yaml:5:5: receiver 'a' is defined twice (first at rules/receivers.yaml:2:5)")
    }

    @Test("secrets written in the rule file are refused without repeating them")
    func literalSecrets() {
        let slackURL = "https://hooks.slack.com/services/T000/B000/sEcReTtOkEn"
        let (_, slack) = ReceiverConfig.parseList(
            yaml.list([receiver([("name", "s"), ("slack", [("webhook_url", slackURL)] as [(String, Any)])])]))
        let message = slack.first?.description ?? ""
        #expect(message.contains("must not be written in a rule file"), "\(message)")
        #expect(message.contains("webhook_url_file"))
        #expect(!message.contains("sEcReTtOkEn"))

        let (_, password) = ReceiverConfig.parseList(
            yaml.list([
                receiver([
                    ("name", "m"),
                    (
                        "email",
                        [
                            ("url", "smtps://smtp.example.com"), ("from", "a@example.com"), ("to", ["b@example.com"]),
                            ("password", "hunter2hunter2"),
                        ] as [(String, Any)]
                    ),
                ])
            ]))
        #expect(password.first?.message.contains("password_env") == true, "\(password)")
        #expect(password.first?.description.contains("hunter2") == false)

        let (_, hmac) = ReceiverConfig.parseList(
            yaml.list([
                receiver([
                    ("name", "w"),
                    ("webhook", [("url", "https://x.example"), ("hmac_secret", "k3y-material")] as [(String, Any)]),
                ])
            ]))
        #expect(hmac.first?.message.contains("hmac_secret_file") == true, "\(hmac)")
        #expect(hmac.first?.description.contains("k3y-material") == false)
    }

    @Test("a password is never sent over plain smtp:// to a remote host")
    func plaintextPassword() {
        let entries: [(String, Any)] = [
            ("url", "smtp://smtp.example.com:587"), ("from", "a@example.com"), ("to", ["b@example.com"]),
            ("username", "a"), ("password_env", "P"),
        ]
        let (_, errors) = ReceiverConfig.parseList(yaml.list([receiver([("name", "m"), ("email", entries)])]))
        #expect(errors.first?.message.contains("starttls: true") == true, "\(errors)")
        let (ok, none) = ReceiverConfig.parseList(
            yaml.list([receiver([("name", "m"), ("email", entries + [("starttls", "true")])])]))
        #expect(none.isEmpty && ok.count == 1, "\(none)")
    }

    @Test("templates: inline and from files; syntax errors carry positions; unknown names are suggested")
    func templates() async throws {
        try await withTemporaryDirectory { rules in
            try FileManager.default.createDirectory(atPath: rules + "/templates", withIntermediateDirectories: true)
            try "Hello {{#alerts}}{{title}}{{/alerts}}".write(
                toFile: rules + "/templates/lead.txt", atomically: true, encoding: .utf8)
            try "line one\n{{#alerts}}oops\n".write(
                toFile: rules + "/templates/broken.html", atomically: true, encoding: .utf8)
            let list = yaml.list([
                yaml.mapping(
                    [("name", "lead"), ("subject", "[lead] {{title}}"), ("text_file", "templates/lead.txt")], line: 2),
                yaml.mapping([("name", "bad"), ("html_file", "templates/broken.html")], line: 6),
                yaml.mapping([("name", "worse"), ("slack", "{{#x}} never closed")], line: 9),
            ])
            let (templates, errors) = MessageTemplates.parseList(list, rulesDirectory: rules)
            #expect(templates.map(\.name) == ["lead"])
            #expect(templates.first?.parts.keys.sorted { $0.rawValue < $1.rawValue } == [.subject, .text])
            #expect(errors.count == 2)
            #expect(errors.first?.position.file == rules + "/templates/broken.html", "\(errors)")
            #expect(errors.first?.message.contains("template 'bad' (html)") == true, "\(errors)")
            #expect(errors.last?.position.line == 10, "\(errors)")

            let front = yaml.mapping(
                [("name", "front"), ("stdout", [] as [(String, Any)]), ("template", "laed")], line: 20)
            let (receivers, _) = ReceiverConfig.parseList(yaml.list([front]))
            let (configuration, problems) = DeliveryConfiguration.combine(receivers: receivers, templates: templates)
            #expect(configuration.receivers.isEmpty)
            #expect(
                problems.first?.message
                    == "receiver 'front' uses template 'laed', which is not defined; did you mean 'lead'?")
            #expect(problems.first?.position.line == 22)
        }
    }
}
