#include "gui.h"

#include <cli/cli.h>

int main(int argc, char *argv[])
{
    if (argc > 1 && cosmicdesk::cli::isCommand(QString::fromLocal8Bit(argv[1])))
        return cosmicdesk::cli::run(argc, argv);
    return cosmicdesk::app::runGui(argc, argv);
}
