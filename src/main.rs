#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    tkm::cli::main()
}
