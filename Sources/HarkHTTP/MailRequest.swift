/// One e-mail for the curl driver to hand to an SMTP server: the envelope, the finished message,
/// and how to reach the server.
///
/// hark builds the message itself (headers, MIME parts, CRLF line ends); curl does the SMTP dialogue,
/// the TLS, the authentication and the dot-stuffing of lines that start with a period. Sending through
/// the same driver as HTTP keeps every socket on one thread, under the same limits and cancellation.
public struct MailRequest: Sendable {
    /// `smtp://host[:port]` (plain, or upgraded with STARTTLS) or `smtps://host[:port]` (TLS from the start).
    public var url: String
    /// The envelope sender (`MAIL FROM`), a bare address such as `hark@example.com`.
    public var from: String
    /// The envelope recipients (`RCPT TO`), bare addresses.
    public var recipients: [String]
    /// The whole message, headers and body, with CRLF line ends.
    public var message: [UInt8]
    /// The login, when the server wants one.
    public var username: String?
    public var password: String?
    /// For `smtp://`: insist on STARTTLS and fail when the server does not offer it.
    public var requireStartTLS: Bool
    /// A PEM file of CA certificates to trust instead of the system's (a private mail relay).
    public var caFile: String?
    /// Time limits; the response-size cap does not apply to a mail dialogue.
    public var limits: TransferLimits

    /// A mail with its envelope and message; no login and no STARTTLS unless set.
    public init(
        url: String, from: String, recipients: [String], message: [UInt8], username: String? = nil,
        password: String? = nil, requireStartTLS: Bool = false, caFile: String? = nil,
        limits: TransferLimits = TransferLimits()
    ) {
        self.url = url
        self.from = from
        self.recipients = recipients
        self.message = message
        self.username = username
        self.password = password
        self.requireStartTLS = requireStartTLS
        self.caFile = caFile
        self.limits = limits
    }
}

/// What the SMTP server said when it accepted a mail.
public struct MailReceipt: Sendable, Hashable {
    /// The server's last reply code (250 when the message was queued).
    public var responseCode: Int
    /// Time from the start of the transfer to the server's acceptance.
    public var elapsed: Duration

    public init(responseCode: Int, elapsed: Duration) {
        self.responseCode = responseCode
        self.elapsed = elapsed
    }
}
