from selflead.cli.app import main

main()
