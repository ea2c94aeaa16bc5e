public import Foundation
import HarkCore
public import HarkHTTP
public import Logging

/// Sends a notification as a multipart e-mail over SMTP (see `EmailSettings`).
///
/// Subject, plain text and HTML come from the receiver's templates. The Message-ID is derived from
/// the notification id, so if hark is killed mid-send and sends again, the copies share one id.
/// An SMTP 5xx refusal is permanent; anything else (4xx deferral, connection trouble) is retried.
public struct EmailReceiver: Receiver {
    public let name: String
    let settings: EmailSettings
    let renderer: MessageRenderer
    let driver: CurlDriver
    let logger: Logger
    let clock: @Sendable () -> Date

    public init(
        name: String, settings: EmailSettings, renderer: MessageRenderer, driver: CurlDriver,
        logger: Logger = Logger(label: "hark.deliver"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.name = name
        self.settings = settings
        self.renderer = renderer
        self.driver = driver
        self.logger = logger
        self.clock = now
    }

    public func deliver(_ notification: OutgoingNotification) async throws(DeliveryError) {
        let password = try settings.password?.resolve(for: name, "the SMTP password")
        let message = self.message(for: notification)
        let mail = MailRequest(
            url: settings.url, from: settings.from, recipients: settings.to, message: message.bytes(),
            username: settings.username, password: password, requireStartTLS: settings.requireStartTLS,
            caFile: settings.caFile,
            limits: TransferLimits(
                connectTimeout: min(settings.timeout, .seconds(10)), totalTimeout: settings.timeout,
                stallTimeout: settings.timeout))
        do {
            _ = try await driver.send(mail)
        } catch {
            if error.kind == .cancelled || error.kind == .shutdown || Task.isCancelled {
                throw DeliveryError.cancelled(name)
            }
            let text = Redaction.scrub(error.message, url: settings.url, secrets: password.map { [$0] } ?? [])
            let refused = text.range(of: #"server replied 5\d\d"#, options: .regularExpression) != nil
            let permanent = refused || error.kind == .invalidRequest || error.kind == .unsupportedProtocol
            throw DeliveryError(
                receiver: name, message: "sending mail via \(Redaction.url(settings.url)) failed: \(text)",
                disposition: permanent ? .permanent : .retry)
        }
    }

    /// The e-mail for a notification.
    func message(for notification: OutgoingNotification) -> MailMessage {
        let context = TemplateContext.make(payload: notification.payload)
        let subject = renderer.render(.subject, context: context, receiver: name, logger: logger)
        return MailMessage(
            fromAddress: settings.from, fromName: settings.fromName ?? "hark", to: settings.to,
            subject: subject.split(whereSeparator: \.isNewline).joined(separator: " "),
            text: renderer.render(.text, context: context, receiver: name, logger: logger),
            html: renderer.render(.html, context: context, receiver: name, logger: logger),
            date: clock(),
            messageID: MailMessage.messageID(notification: notification.id, receiver: name, from: settings.from),
            extraHeaders: [("X-Hark-Notification-Id", notification.id)])
    }
}
