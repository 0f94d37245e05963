"""The commands, one module per noun (cli/command_list.py says which module holds which command).
Each module parses, calls one service and hands the result to cli/render; importing it registers
its commands on cli/root.py's app, which imports only the module of the command being run."""
