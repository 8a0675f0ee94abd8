from dclit.cli import main

main()
