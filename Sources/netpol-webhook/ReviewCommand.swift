import ArgumentParser

/// `netpol-webhook review`: one AdmissionReview in, the response on stdout.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Answer one AdmissionReview from a file or stdin.")

    func run() throws {}
}
